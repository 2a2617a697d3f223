"""The portal as production runs it: DJANGO_DEBUG off, the real settings module, in
processes of their own (a client, gunicorn, nginx in front), on the current database.
The tests and the benchmarks both use it."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
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


def wait_until_serving(port: int, process: subprocess.Popen, log) -> None:
    for _attempt in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/robots.txt", headers={"Host": "127.0.0.1"})
            connection.getresponse().read()
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    log.seek(0)
    raise RuntimeError(f"{process.args[0]} did not start: {log.read().decode()[-3000:]}")


@contextmanager
def serving(command: list[str], port: int, log, **options) -> Iterator[str]:
    """Run the server ``command`` (its errors to ``log``) until the block ends; yields its
    address once it answers on ``port`` of the loopback."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, **options)
    wait_until_serving(port, server, log)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


@contextmanager
def gunicorn(
    *, workers: int = 2, access_log: str = "/dev/null", **environment: str
) -> Iterator[str]:
    """gunicorn as `make serve` runs it (sync workers, portal/gunicorn.conf.py), on the
    tests' database, on a free port of the loopback; yields its address (host:port)."""
    port = free_port()
    environment = production_environment(
        **{
            **LOOPBACK,
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
            "WEB_THREADS": "1",
            "ACCESS_LOG": access_log,
            **environment,
        }
    )
    command = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
    with (
        tempfile.TemporaryFile() as log,
        serving(command, port, log, cwd=settings.BASE_DIR, env=environment) as address,
    ):
        yield address


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # /usr/sbin is not on every PATH


@contextmanager
def nginx(upstream: str, directory: Path) -> Iterator[str]:
    """nginx in front of ``upstream`` as `make serve-proxy` runs it, its configuration
    written by `manage.py nginx_config`; yields its address (host:port)."""
    port = free_port()
    call_command(
        "nginx_config",
        listen=f"127.0.0.1:{port}",
        upstream=upstream,
        directory=directory,
        stdout=StringIO(),
    )
    command = [NGINX, "-e", "stderr", "-p", f"{directory}/", "-c", "nginx.conf"]
    with (directory / "error.log").open("w+b") as log, serving(command, port, log) as address:
        yield address


def raw_exchange(
    address: str, head: str, body: Iterable[bytes] = (), timeout: float = 10
) -> tuple[int, str]:
    """Send ``head`` (a request line and headers) and the ``body`` pieces, and read the
    answer: its status and its text. The server may answer and close before the whole
    body is sent: the rest is then not sent."""
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as client:
        # One request, then the server closes: its answer ends there.
        head += "Connection: close\n"
        client.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        try:
            for piece in body:
                client.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        try:
            while chunk := client.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # closed with the rest of the body unread: what came before still counts
    status_line, _, rest = answer.decode(errors="replace").partition("\r\n")
    assert status_line.startswith("HTTP/1."), f"no answer: {answer[:200]!r}"
    return int(status_line.split()[1]), rest


class SlowClients(threading.Thread):
    """A slow-loris probe: ``connections`` connections to ``address`` that each send their
    request's header one line every ``interval`` seconds and never finish it, opening again
    when the server drops them."""

    def __init__(
        self, address: str, connections: int = 12, interval: float = 2.0, slow_body: bool = False
    ):
        super().__init__(daemon=True)
        # With ``slow_body``, the header comes whole and the body a byte at a time instead.
        self.slow_body = slow_body
        host, port = address.split(":")
        self.target = (host, int(port))
        self.connections, self.interval = connections, interval
        self.running = True
        self.pieces_sent = 0
        self.drops = 0
        self.all_open = threading.Event()

    def run(self):
        sockets: list[socket.socket | None] = [None] * self.connections
        while self.running:
            for slot, client in enumerate(sockets):
                try:
                    if client is None:
                        client = socket.create_connection(self.target, timeout=2)
                        sockets[slot] = client
                        client.sendall(
                            b"POST /ru/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n"
                            # A CSRF cookie of its own: with one, Django reads the form.
                            b"Cookie: __Host-csrftoken=" + b"a" * 32 + b"\r\n"
                            b"Content-Length: 1000\r\n\r\n"
                            if self.slow_body
                            else b"GET /ru/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        )
                    elif self.slow_body:
                        client.sendall(b"a")
                    else:
                        client.sendall(f"X-Slow-{self.pieces_sent}: still sending\r\n".encode())
                    self.pieces_sent += 1
                except OSError:
                    if client is not None:
                        client.close()
                        self.drops += 1
                    sockets[slot] = None
            if all(sockets):
                self.all_open.set()
            pause_until = time.monotonic() + self.interval
            while self.running and time.monotonic() < pause_until:
                time.sleep(0.05)
        for client in sockets:
            if client is not None:
                client.close()

    def stop(self):
        self.running = False
        self.join(timeout=10)
