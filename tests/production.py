"""Requests to the portal as production configures it: DJANGO_DEBUG off, the real settings
module, in a process of its own, on the tests' database."""

import json
import os
import socket
import subprocess
import sys
import textwrap

from django.conf import settings
from django.db import connection

HOST = "portal.example"
# For a server of our own on the loopback, reached over plain HTTP.
LOOPBACK = {
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "PORTAL_ORIGIN": "http://127.0.0.1",
}
SECRET_KEY = "production-test-" + "k" * 60

SCRIPT = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from django.test import Client

    ATTRIBUTES = ("secure", "httponly", "samesite", "path", "domain")
    results = []
    client = Client(raise_request_exception=False)
    for request in json.loads(sys.stdin.read()):
        method = getattr(client, request.pop("method", "get"))
        response = method(request.pop("path"), **request)
        results.append({
            "status": response.status_code,
            "headers": dict(response.headers),
            "cookies": {
                name: {key: morsel[key] for key in ATTRIBUTES}
                for name, morsel in response.cookies.items()
            },
            "cookie_values": {name: morsel.value for name, morsel in response.cookies.items()},
            "content": response.content.decode(errors="replace")[:20000],
        })
    print(json.dumps(results))
    """
)


def database_url() -> str:
    database = connection.settings_dict
    if (database["HOST"] or "").startswith("/"):
        return f"postgres://{database['USER']}:@/{database['NAME']}?host={database['HOST']}"
    password = database["PASSWORD"] or ""
    port = database["PORT"] or 5432
    return f"postgres://{database['USER']}:{password}@{database['HOST']}:{port}/{database['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**extra: str) -> dict[str, str]:
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "PORTAL_ORIGIN": f"https://{HOST}",
        "DATABASE_URL": database_url(),
        **extra,
    }


def production_requests(*requests: dict, **environment: str) -> list[dict]:
    """Make ``requests`` (path, method, headers as META keys, data…) in order, with one
    client that keeps its cookies; return status, headers and cookies of each."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(list(requests)),
        cwd=settings.BASE_DIR,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def collect_static() -> None:
    """Production serves static files by their hashed names: collect them first."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        check=True,
        timeout=300,
    )
