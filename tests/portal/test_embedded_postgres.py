"""The embedded PostgreSQL keeps its data between starts and serves several processes."""

import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from portal import embedded_postgres


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def connect(pgdata: Path) -> psycopg.Connection:
    database = embedded_postgres.database_settings(pgdata)
    return psycopg.connect(
        host=database["HOST"], user=database["USER"], dbname=database["NAME"], autocommit=True
    )


@pytest.fixture
def pgdata(tmp_path):
    pgdata = tmp_path / "pgdata"
    yield pgdata
    if (pgdata / "postmaster.pid").exists():
        embedded_postgres.start(pgdata).cleanup()  # leave no server behind


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
