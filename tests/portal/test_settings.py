"""Settings are read from the environment; production refuses to start half-configured."""

import json
import os
import re
import shlex
import subprocess
import sys

from django.conf import settings

from bench.production import database_url

STRONG_KEY = "k" * 30 + "-not-a-real-key-but-long-enough-0123456789"
# A database elsewhere: these tests read settings and never connect.
ELSEWHERE = "postgres://reader:secret@db.example:6543/news"
# All that production needs.
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "PORTAL_ORIGIN": "https://portal.example",
    "DATABASE_URL": ELSEWHERE,
}


def environment_without_settings(**environ: str) -> dict[str, str]:
    """This process's environment without the portal's variables, plus ``environ``; no
    .env is read unless ``DJANGO_ENV_FILE`` names one."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("DATABASE_URL", "REDIS_URL", "PORTAL_ORIGIN"):
        env.pop(name, None)
    return {**env, "DJANGO_ENV_FILE": os.devnull, **environ}


# What the tests read of the settings, as JSON, unless they ask for something else.
SETTINGS_READ = (
    "{'db': settings.DATABASES['default'], 'debug': settings.DEBUG,"
    " 'hosts': settings.ALLOWED_HOSTS, 'cache': settings.CACHES['default']['BACKEND'],"
    " 'admins': settings.ADMINS}"
)


def load_settings(read: str = SETTINGS_READ, **environ: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment, and print
    ``read`` (a Python expression over ``settings``) as JSON."""
    env = environment_without_settings(**environ)
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({read}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def development_settings(read: str = SETTINGS_READ, **environ: str) -> dict:
    """The settings development loads with ``environ``, on a database elsewhere."""
    result = load_settings(read, DJANGO_DEBUG="true", DATABASE_URL=ELSEWHERE, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


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
        **PRODUCTION | {"DJANGO_ALLOWED_HOSTS": "portal.example,www.portal.example"}
    )

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["portal.example", "www.portal.example"]


def test_database_url_is_honoured():
    database = development_settings()["db"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 6543, "news")
    assert (database["USER"], database["PASSWORD"]) == ("reader", "secret")


def test_redis_url_selects_the_redis_cache():
    loaded = development_settings(REDIS_URL="redis://127.0.0.1:6379/0")

    assert loaded["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_without_database_url_the_embedded_server_is_used_over_a_socket():
    result = load_settings(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)["db"]
    assert database["ENGINE"] == "portal.embedded_postgres"
    assert database["PGDATA"] == str(settings.BASE_DIR / "var" / "pgdata")
    # The socket folder is known once the server runs; never a TCP host such as 127.0.0.1.
    assert not database["HOST"]
    assert not database.get("PORT")


def test_admins_are_read_as_a_list_of_addresses():
    loaded = development_settings(
        DJANGO_ADMINS='Anna Petrova <anna@example.org>, "Baker, Tom" <tom@example.org>'
    )

    assert loaded["admins"] == [
        ["Anna Petrova", "anna@example.org"],
        ["Baker, Tom", "tom@example.org"],
    ]


def test_admins_that_are_not_addresses_name_the_variable():
    result = load_settings(
        DJANGO_DEBUG="true",
        DATABASE_URL=ELSEWHERE,
        DJANGO_ADMINS="Anna Petrova",
    )

    assert result.returncode != 0
    assert "DJANGO_ADMINS is not a list of addresses" in result.stderr.strip().splitlines()[-1]


def manage(*arguments: str, **environ: str) -> subprocess.CompletedProcess:
    """``manage.py`` run by hand: none of make's variables, the tests' database."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=environment_without_settings(DATABASE_URL=database_url(), **environ),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def make(*arguments: str, directory=None) -> str:
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(settings.BASE_DIR / "Makefile"), *arguments],
        cwd=directory or settings.BASE_DIR,
        env=environment_without_settings(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_the_account_command_make_run_prints_works_as_printed(tmp_path):
    make("dev-env", directory=tmp_path)  # what make run writes in the project's folder
    printed = re.search(r"Your own account: ([^)]+)\)", make("-n", "run"))[1]
    program, *arguments = shlex.split(printed)
    assert program == ".venv/bin/python"

    # --help: the real command would wait for a user name; the settings load either way.
    result = manage(*arguments[1:], "--help", DJANGO_ENV_FILE=str(tmp_path / ".env"))

    assert result.returncode == 0, result.stderr
    assert "usage: manage.py createsuperuser" in result.stdout


def test_manage_py_by_hand_is_in_development_mode_once_make_run_wrote_dotenv(tmp_path):
    assert "DJANGO_SECRET_KEY is missing" in manage("check").stderr  # a fresh clone

    make("dev-env", directory=tmp_path)
    result = manage("check", DJANGO_ENV_FILE=str(tmp_path / ".env"))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_make_run_keeps_the_developers_own_dotenv_choice(tmp_path):
    (tmp_path / ".env").write_text("REDIS_URL=redis://127.0.0.1:6379/1\nDJANGO_DEBUG=false\n")

    make("dev-env", directory=tmp_path)

    assert (tmp_path / ".env").read_text() == (
        "REDIS_URL=redis://127.0.0.1:6379/1\nDJANGO_DEBUG=false\n"
    )


def test_the_environment_wins_over_dotenv(tmp_path):
    # make serve, make deploy-check and the tests set DJANGO_DEBUG themselves.
    dotenv = tmp_path / ".env"
    dotenv.write_text("DJANGO_DEBUG=true\nDJANGO_ALLOWED_HOSTS=from-dotenv.example\n")

    result = load_settings(DJANGO_ENV_FILE=str(dotenv), **PRODUCTION)

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["portal.example"]


def test_production_asks_staff_for_a_second_factor_and_development_does_not_by_default():
    production = load_settings("settings.PORTAL_REQUIRE_2FA", **PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout) is True
    assert development_settings("settings.PORTAL_REQUIRE_2FA") is False
    assert development_settings("settings.PORTAL_REQUIRE_2FA", PORTAL_REQUIRE_2FA="true") is True
