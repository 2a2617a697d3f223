"""A request that fails in production leaves its traceback where the platform collects
logs, standard error, and leaves the request's secrets out of it."""

import json
import subprocess
import sys

from django.conf import settings

from bench.production import HOST, SCRIPT, free_port, production_environment

HTTPS = {"secure": True, "HTTP_HOST": HOST}
DATABASE_PASSWORD = "database-password-not-for-logs"
SESSION_COOKIE = "session-cookie-not-for-logs"
FORM_PASSWORD = "form-password-not-for-logs"


def requests_with_the_database_down(*requests: dict, **environment: str):
    """Make ``requests`` with production settings while nothing listens where the database
    should be; return their status codes and the process's standard output and error."""
    nowhere = f"postgres://portal:{DATABASE_PASSWORD}@127.0.0.1:{free_port()}/portal"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(list(requests)),
        cwd=settings.BASE_DIR,
        env=production_environment(DATABASE_URL=nowhere, **environment),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    *before, last = result.stdout.strip().splitlines()
    statuses = [response["status"] for response in json.loads(last)]
    return statuses, "\n".join(before), result.stderr


def test_a_failing_page_logs_its_path_and_traceback_to_standard_error():
    statuses, _, stderr = requests_with_the_database_down({"path": "/en/", **HTTPS})

    assert statuses == [500]
    assert "ERROR django.request: Internal Server Error: /en/" in stderr
    assert "Traceback (most recent call last):" in stderr
    assert "psycopg.OperationalError" in stderr


def test_the_log_of_a_failing_request_holds_no_password_or_cookie():
    statuses, _, stderr = requests_with_the_database_down(
        {
            "path": "/admin/login/",
            "method": "post",
            "data": {"username": "irina", "password": FORM_PASSWORD},
            "HTTP_COOKIE": f"__Host-sessionid={SESSION_COOKIE}",
            **HTTPS,
        }
    )

    assert statuses == [500]
    assert "Internal Server Error: /admin/login/" in stderr
    for secret in (FORM_PASSWORD, SESSION_COOKIE, DATABASE_PASSWORD):
        assert secret not in stderr


def test_a_failing_request_is_mailed_to_the_admins_when_there_are_some():
    statuses, mail, _ = requests_with_the_database_down(
        {"path": "/en/", **HTTPS},
        DJANGO_ADMINS="Anna Petrova <anna@example.org>",
        DJANGO_SERVER_EMAIL="portal@example.org",
        EMAIL_URL="consolemail://",  # the mail on standard output
    )

    assert statuses == [500]
    assert "To: anna@example.org" in mail
    assert "From: portal@example.org" in mail
    assert "Internal Server Error: /en/" in mail
