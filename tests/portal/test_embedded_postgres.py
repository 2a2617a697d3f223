"""The embedded PostgreSQL starts on the first connection, keeps its data between starts and
serves several processes."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import psycopg
import pytest
from django.conf import settings

from bench.production import free_port
from portal import embedded_postgres


def run_python(code: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def connect(pgdata: Path) -> psycopg.Connection:
    return psycopg.connect(
        host=embedded_postgres.serve(pgdata),
        user=embedded_postgres.USER,
        dbname=embedded_postgres.DATABASE_NAME,
        autocommit=True,
    )


def development_environment(pgdata: Path) -> dict[str, str]:
    """The portal as `make run` starts it, without DATABASE_URL, on a data folder of its own."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_ENV_FILE": os.devnull,
        "PORTAL_PGDATA": str(pgdata),
    }


@pytest.fixture
def pgdata(tmp_path):
    pgdata = tmp_path / "pgdata"
    yield pgdata
    if (pgdata / "postmaster.pid").exists():
        embedded_postgres.start(pgdata).cleanup()  # leave no server behind


def test_a_command_that_needs_no_database_starts_no_server(pgdata):
    subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=development_environment(pgdata),
        capture_output=True,
        check=True,
        timeout=120,
    )

    assert not pgdata.exists()


def test_the_first_query_starts_the_server(pgdata):
    output = run_python(
        f"""
        import django
        from pathlib import Path
        django.setup()
        from django.db import connection
        running = Path({str(pgdata)!r}, "postmaster.pid").exists
        print(running())
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            print(cursor.fetchone()[0], running(), connection.settings_dict["HOST"])
        """,
        env=development_environment(pgdata),
    )

    before, after = output.splitlines()
    assert before == "False"
    database, running, host = after.split()
    assert (database, running) == ("portal", "True")
    assert host.startswith("/"), "a Unix socket's folder, never a TCP host"


def test_a_row_survives_a_stop_and_a_start(pgdata):
    # Each process joins the server and, being the last one to leave, stops it.
    run_python(f"""
        from pathlib import Path
        from tests.portal.test_embedded_postgres import connect
        with connect(Path({str(pgdata)!r})) as connection:
            connection.execute("CREATE TABLE note (body text)")
            connection.execute("INSERT INTO note VALUES ('Москва и Innobiz')")
    """)
    assert not (pgdata / "postmaster.pid").exists(), "the server should stop with its last user"

    body = run_python(f"""
        from pathlib import Path
        from tests.portal.test_embedded_postgres import connect
        with connect(Path({str(pgdata)!r})) as connection:
            print(connection.execute("SELECT body FROM note").fetchone()[0])
    """)

    assert body == "Москва и Innobiz"


def test_two_processes_share_one_server(pgdata):
    with connect(pgdata) as connection:
        connection.execute("CREATE TABLE note (body text)")

        run_python(f"""
            from pathlib import Path
            from tests.portal.test_embedded_postgres import connect
            with connect(Path({str(pgdata)!r})) as connection:
                connection.execute("INSERT INTO note VALUES ('from another process')")
        """)

        # The other process left, but this one still uses the server: it keeps running.
        rows = connection.execute("SELECT body FROM note").fetchall()

    assert rows == [("from another process",)]


def test_a_killed_process_does_not_keep_the_server_running_for_ever(pgdata):
    killed = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from portal import embedded_postgres;"
            f"embedded_postgres.start(Path({str(pgdata)!r})); print('up', flush=True);"
            "time.sleep(600)",
        ],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert killed.stdout.readline().strip() == "up"
    killed.kill()
    killed.wait()

    embedded_postgres.start(pgdata).cleanup()

    assert not (pgdata / "postmaster.pid").exists()


def server_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split()[0])


def assert_stopped(pgdata: Path, pid: int) -> None:
    """The server shut down (pg_ctl stop waits for it) and left no process behind."""
    deadline = time.monotonic() + 15
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not psutil.pid_exists(pid), "the server is still running"
    assert not (pgdata / "postmaster.pid").exists()


def start_user(pgdata: Path) -> subprocess.Popen:
    """A process that uses the server until a signal ends it."""
    user = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from portal import embedded_postgres;"
            f"embedded_postgres.serve(Path({str(pgdata)!r})); print('up', flush=True);"
            "time.sleep(600)",
        ],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert user.stdout.readline().strip() == "up"
    return user


@pytest.fixture
def runserver(pgdata):
    """make run's development server, with its autoreloader, on a data folder of its own, as
    the leader of its process group, as a terminal runs it."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{free_port()}"],
        cwd=settings.BASE_DIR,
        env=development_environment(pgdata),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    for line in server.stdout:  # the reloader's child prints this once it serves
        output.append(line)
        if "Quit the server with" in line:
            break
    else:
        pytest.fail("runserver did not start:\n" + "".join(output))
    yield server
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def test_ctrl_c_on_runserver_stops_the_server(runserver, pgdata):
    pid = server_pid(pgdata)

    # The terminal sends SIGINT to the whole foreground group: the reloader and its child.
    os.killpg(runserver.pid, signal.SIGINT)
    runserver.wait(timeout=30)

    assert_stopped(pgdata, pid)


def test_sigterm_to_runserver_stops_the_server(runserver, pgdata):
    pid = server_pid(pgdata)

    runserver.terminate()  # the reloader kills its child outright, then exits
    runserver.wait(timeout=30)

    assert_stopped(pgdata, pid)


def test_sigterm_to_a_shell_stops_the_server(pgdata):
    user = start_user(pgdata)
    pid = server_pid(pgdata)

    user.terminate()
    user.wait(timeout=30)

    assert_stopped(pgdata, pid)


def test_the_last_live_user_stops_the_server_though_another_was_killed(pgdata):
    killed, last = start_user(pgdata), start_user(pgdata)
    pid = server_pid(pgdata)

    killed.kill()
    killed.wait()
    os.killpg(last.pid, signal.SIGINT)
    last.wait(timeout=30)

    assert_stopped(pgdata, pid)
