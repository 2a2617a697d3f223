"""Consistent dumps of the database and their restore, with PostgreSQL's own tools.

pg_dump reads one snapshot, so a dump taken while editors work is consistent. On the
embedded database the tools come from the same wheel as the server (PostgreSQL 18);
for DATABASE_URL they come from the PATH.
"""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone

from core.models import ContentVersion
from portal import embedded_postgres


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    if settings.EMBEDDED_DATABASE:
        return str(embedded_postgres.bin_dir() / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt install postgresql-client).")
    return found


def _database_settings() -> dict:
    # The embedded server starts with the first connection and only then has an address.
    connections["default"].ensure_connection()
    return connections["default"].settings_dict


def _connection_arguments(database_name: str | None = None) -> tuple[list[str], dict]:
    database = _database_settings()
    options = database.get("OPTIONS", {})
    arguments = ["--username", database["USER"] or "postgres"]
    host = database["HOST"] or options.get("host")
    if host:
        arguments += ["--host", host]
    if database["PORT"]:
        arguments += ["--port", str(database["PORT"])]
    arguments += ["--dbname", database_name or database["NAME"]]
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return arguments, environment


def backup(directory: Path | None = None) -> Path:
    """Write a dump of the whole database to a timestamped file (in var/backups/ unless
    told); return its path."""
    directory = directory or settings.VAR_DIR / "backups"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"portal-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
    arguments, environment = _connection_arguments()
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *arguments],
        environment,
    )
    return path


def restore(path: Path, *, database_name: str | None = None) -> None:
    """Restore a dump into an empty database (the configured one, or ``database_name``)."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if _has_tables(database_name):
        raise BackupError(
            "The database is not empty: restore into an empty database "
            "(for the embedded one, stop the portal and delete var/pgdata first)."
        )
    arguments, environment = _connection_arguments(database_name)
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            *arguments,
            str(path),
        ],
        environment,
    )
    # The dump brings back the content version it was taken at, and a shared cache may
    # still hold pages made under it from content written later: a fresh one.
    with _connect(database_name) as connection:
        ContentVersion.move_on(connection.cursor())


def _connect(database_name: str | None) -> psycopg.Connection:
    database = _database_settings()
    options = database.get("OPTIONS", {})
    return psycopg.connect(
        host=database["HOST"] or options.get("host"),
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database_name or database["NAME"],
    )


def _has_tables(database_name: str | None) -> bool:
    with _connect(database_name) as connection:
        count = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return count > 0


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
