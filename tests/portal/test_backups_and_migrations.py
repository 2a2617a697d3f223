"""Nothing lost: backups that restore, and migrations that can be undone."""

import io

import psycopg
import pytest
import reversion
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from news.models import Article
from tests.factories import ArticleFactory

# What a restore must give back, row for row: content in both languages, its history,
# its translation records, the people who made them.
TABLES = [
    "news_article",
    "news_bodyitem",
    "news_articleorganisation",
    "partners_organisation",
    "partners_official",
    "partners_quote",
    "translations_fieldtranslation",
    "reversion_revision",
    "reversion_version",
    "auth_user",
    "auth_group_permissions",
]


def connect(database: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or settings.get("OPTIONS", {}).get("host"),
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    with connect(database) as db:
        return {
            table: db.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for table in TABLES
        }


def content_stamp(database: str) -> str:
    with connect(database) as db:
        return db.execute("SELECT stamp FROM core_contentversion WHERE id = 1").fetchone()[0]


@pytest.fixture
def empty_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restored"
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_a_backup_restores_the_whole_content_with_its_history(empty_database, editor, tmp_path):
    call_command("load_content", stdout=io.StringIO())
    call_command("setup_roles", stdout=io.StringIO())
    article = Article.objects.get()
    with reversion.create_revision():
        reversion.set_user(editor)
        article.headline_en = "An English headline, revised"
        article.save()

    call_command("backup", directory=tmp_path, stdout=io.StringIO())
    (dump,) = tmp_path.glob("portal-*.dump")
    call_command("restore", str(dump), database_name=empty_database, stdout=io.StringIO())

    original, restored = fingerprint(connection.settings_dict["NAME"]), fingerprint(empty_database)
    assert original["news_article"][0] == 1 and original["reversion_version"][0] > 0
    assert restored == original
    # A fresh content version: pages cached before cannot pass for the restored content.
    assert content_stamp(empty_database) != content_stamp(connection.settings_dict["NAME"])


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, tmp_path):
    ArticleFactory()
    call_command("backup", directory=tmp_path, stdout=io.StringIO())
    (dump,) = tmp_path.glob("portal-*.dump")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump), stdout=io.StringIO())

    assert Article.objects.count() == 1


def test_every_migration_says_how_to_undo_it():
    irreversible = [
        f"{migration.app_label}.{migration.name}: {operation.describe()}"
        for migration in MigrationLoader(None).disk_migrations.values()
        if migration.app_label in {"news", "partners", "portal", "translations"}
        for operation in migration.operations
        if not operation.reversible
    ]

    assert irreversible == []


@pytest.mark.django_db(transaction=True)
def test_the_last_migration_of_each_app_goes_down_and_up_again():
    for app in ("news", "partners", "portal", "translations"):
        executor = MigrationExecutor(connection)
        leaf = executor.loader.graph.leaf_nodes(app)[0]
        previous = executor.loader.graph.node_map[leaf].parents
        target = next((parent.key for parent in previous if parent.key[0] == app), (app, None))

        executor.migrate([target])
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert not MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
