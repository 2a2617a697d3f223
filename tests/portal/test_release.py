"""The release step (`make release`) and the web process (`make serve`) are separate, so
that several web machines can start at once: the release runs once per version, and
running it again changes nothing; the web process needs the key every machine shares."""

import subprocess

import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.portal.test_backups_and_migrations import TABLES, connect, fingerprint
from tests.portal.test_settings import environment_without_settings

MAKE = ["make", "--no-print-directory", "-f", str(settings.BASE_DIR / "Makefile")]


@pytest.fixture
def new_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_release"
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def database_url(name: str) -> str:
    options = connection.settings_dict
    host = options["HOST"] or options.get("OPTIONS", {}).get("host")
    port = options["PORT"] or 5432
    if host.startswith("/"):  # the embedded server's socket
        return f"postgres://{options['USER']}@/{name}?host={host}&port={port}"
    return f"postgres://{options['USER']}@{host}:{port}/{name}"


def make(target: str, **environ: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MAKE, target],
        cwd=settings.BASE_DIR,
        env=environment_without_settings(**environ),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_release_step_prepares_a_new_database_and_a_second_run_changes_nothing(
    new_database, tmp_path
):
    environ = {
        "DATABASE_URL": database_url(new_database),
        "DJANGO_SECRET_KEY": "r" * 64,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }

    first = make("release", **environ)
    assert first.returncode == 0, first.stderr
    assert "Applying news.0001_initial" in first.stdout
    prepared = fingerprint(new_database)
    assert prepared["news_article"][0] >= 1  # the shipped content
    assert prepared["auth_group_permissions"][0] > 0  # the roles
    assert (tmp_path / "static" / "staticfiles.json").exists()

    again = make("release", **environ)
    assert again.returncode == 0, again.stderr
    assert "No migrations to apply." in again.stdout
    assert "0 created" in again.stdout
    assert fingerprint(new_database) == prepared, f"a second release changed {TABLES}"


def test_the_web_process_refuses_to_start_without_the_shared_secret_key():
    result = make("serve", PORT="8197")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr
