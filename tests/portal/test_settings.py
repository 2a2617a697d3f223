"""Settings are read from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys

from django.conf import settings

STRONG_KEY = "k" * 30 + "-not-a-real-key-but-long-enough-0123456789"


def load_settings(**environ: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(environ)
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'db': settings.DATABASES['default'], 'debug': settings.DEBUG,"
        " 'hosts': settings.ALLOWED_HOSTS, 'cache': settings.CACHES['default']['BACKEND']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_names_the_variable():
    result = load_settings(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="portal.example")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr.strip().splitlines()[-1]


def test_production_refuses_the_development_key():
    result = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="django-insecure-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="portal.example",
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_production_without_allowed_hosts_names_the_variable():
    result = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is missing" in result.stderr.strip().splitlines()[-1]


def test_production_with_what_it_needs_starts():
    result = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example,www.portal.example",
        DATABASE_URL="postgres://reader:secret@db.example:6543/news",
    )

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["portal.example", "www.portal.example"]


def test_database_url_is_honoured():
    result = load_settings(
        DJANGO_DEBUG="true", DATABASE_URL="postgres://reader:secret@db.example:6543/news"
    )

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)["db"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 6543, "news")
    assert (database["USER"], database["PASSWORD"]) == ("reader", "secret")


def test_redis_url_selects_the_redis_cache():
    result = load_settings(
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://reader:secret@db.example:6543/news",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_without_database_url_the_embedded_server_is_used_over_a_socket():
    result = load_settings(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)["db"]
    # A socket folder inside the project, never a TCP host such as 127.0.0.1:5432.
    assert database["HOST"].startswith(str(settings.BASE_DIR / "var" / "pgdata"))
    assert not database.get("PORT")
