"""A read replica (DATABASE_REPLICA_URL): readers' pages read it, everything else the
primary; a replica that lags never gets an old page stored under the primary's versions.

The "replica" here is a second database made from the test database and then left
behind, as a lagging replica is: what the primary writes after the copy reaches it only
when the test copies it over, as replication would."""

import pytest
import requests
from django.db import DEFAULT_DB_ALIAS, connection
from psycopg import sql

from bench.production import database_url, gunicorn
from core import replicas
from core.replicas import REPLICA, ReplicaRouter, reads_for_a_reader
from news.models import Article
from tests.factories import ArticleFactory
from tests.portal.test_backups_and_migrations import connect

ADDRESS = "/ru/novosti/replika/"


@pytest.fixture
def lagging_replica(transactional_db):
    """Makes, when called, a copy of the test database as it is then, and gives its name."""
    primary = connection.settings_dict["NAME"]
    name = f"{primary}_replica"

    def make() -> str:
        connection.close()  # a database is copied only while nobody is connected to it
        with connect("postgres") as db:
            db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            db.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(primary)
                )
            )
        return name

    yield make
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def replicate(replica: str) -> None:
    """What replication would bring over: the articles' text and the content's versions."""
    with connect(connection.settings_dict["NAME"]) as primary, connect(replica) as copy:
        for article_id, headline in primary.execute("SELECT id, headline_ru FROM news_article"):
            copy.execute(
                "UPDATE news_article SET headline_ru = %s WHERE id = %s", [headline, article_id]
            )
        copy.execute("DELETE FROM core_dependency")
        with (
            copy.cursor().copy("COPY core_dependency FROM STDIN") as into,
            primary.cursor().copy("COPY core_dependency TO STDOUT") as out,
        ):
            for block in out:
                into.write(block)
        (stamp,) = primary.execute("SELECT stamp FROM core_contentversion").fetchone()
        copy.execute("UPDATE core_contentversion SET stamp = %s", [stamp])


def replica_url(name: str) -> str:
    return database_url().replace(f"/{connection.settings_dict['NAME']}", f"/{name}", 1)


def get(origin: str, **headers) -> requests.Response:
    response = requests.get(origin + ADDRESS, headers=headers, timeout=20)
    assert response.status_code == 200
    return response


def test_readers_read_the_replica_and_a_lagging_one_never_stores_an_old_page_as_new(
    collected_static, lagging_replica
):
    article = ArticleFactory(headline_ru="Первая версия", slug_ru="replika")
    replica = lagging_replica()
    article.headline_ru = "Вторая версия"
    article.save()  # on the primary only

    with gunicorn(workers=1, DATABASE_REPLICA_URL=replica_url(replica)) as address:
        origin = f"http://{address}"
        assert "Первая версия" in get(origin).text  # a reader's page reads the replica
        again = get(origin)
        assert "Первая версия" in again.text
        assert again.headers["X-Cache"] == "miss"  # not kept under the primary's versions

        replicate(replica)
        assert "Вторая версия" in get(origin).text
        assert get(origin).headers["X-Cache"] == "hit"

        article.headline_ru = "Третья версия"
        article.save()
        # A request with a session cookie (staff) reads the primary.
        assert "Третья версия" in get(origin, Cookie="__Host-sessionid=made-up").text


def test_the_router_sends_readers_reads_to_the_replica_and_all_writes_to_the_primary(
    monkeypatch,
):
    monkeypatch.setattr(replicas, "configured", lambda: True)  # DATABASE_REPLICA_URL set
    router = ReplicaRouter()

    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    with reads_for_a_reader():
        assert router.db_for_read(Article) == REPLICA
        assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "news") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "news") is True


def test_without_a_replica_everything_reads_the_primary():
    with reads_for_a_reader():
        assert ReplicaRouter().db_for_read(Article) == DEFAULT_DB_ALIAS
