"""IndexNow: search engines hear of each article published and of each real change of a
public one, from a background task, sent here to a local server the test starts."""

import io
import json
import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from news import indexnow
from news.models import Article
from news.services import publish_article
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, ParagraphFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

KEY = "portal-test-key-0123"


class Endpoint(ThreadingHTTPServer):
    """An IndexNow endpoint on this machine: it keeps what it is sent and answers
    ``status``."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/indexnow"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(
            {
                "path": self.path,
                "content_type": self.headers["Content-Type"],
                "json": json.loads(body),
            }
        )
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(settings):
    server = Endpoint()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.INDEXNOW_KEY = KEY
    settings.INDEXNOW_ENDPOINT = server.url
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def run_queued() -> None:
    """What ``db_worker`` does with each task due, inside the test's transaction (the
    worker's own loop would close the test's connection)."""
    for result in DBTaskResult.objects.ready():
        task_result = result.task_result
        result.task.call(*task_result.args, **task_result.kwargs)
        result.delete()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A transaction whose commit runs what waits for it, as the admin's does (the test's
    own transaction never commits)."""

    @contextmanager
    def transaction_committed():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            yield

    return transaction_committed


@pytest.fixture
def saved(committed):
    """Save as the admin does, in a transaction of its own."""

    def save(obj) -> None:
        with committed():
            obj.save()

    return save


# The journey, with the real worker


@pytest.mark.django_db(transaction=True)
def test_an_editor_publishes_and_the_worker_tells_the_engine_once_in_both_languages(
    endpoint, editor_client
):
    article = ArticleFactory(
        draft=True, slug_ru="tekhnopark", slug_en="technopark", published_at=None
    )
    ParagraphFactory(article=article)
    ParagraphFactory(article=article)
    assert queued() == []

    values = open_form(editor_client, change_url(article))
    values["status"] = "published"
    response = editor_client.post(change_url(article), values)
    assert response.status_code == 302, errors(response)

    assert len(queued()) == 1
    assert endpoint.received == []  # the save did not wait for the engine

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    assert endpoint.received == [
        {
            "path": "/indexnow",
            "content_type": "application/json; charset=utf-8",
            "json": {
                "host": "testserver",
                "key": KEY,
                "keyLocation": f"http://testserver/{KEY}.txt",
                "urlList": [
                    "http://testserver/ru/novosti/tekhnopark/",
                    "http://testserver/en/news/technopark/",
                ],
            },
        }
    ]
    assert [result.status for result in queued()] == ["SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_a_transaction_is_announced_at_once(endpoint):
    article = ArticleFactory(slug_ru="v-obolochke", slug_en="in-a-shell")
    DBTaskResult.objects.all().delete()

    article.headline_ru = "Исправлено в оболочке"
    article.save()  # as in `manage.py shell`: autocommit, no transaction around it

    [result] = queued()
    assert result.task_result.args == [[article.pk]]


def test_the_key_file_is_served_at_its_address(client, endpoint):
    response = client.get(f"/{KEY}.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == KEY
    assert client.get("/another-key-0123.txt").status_code == 404


# What is announced


def test_an_untranslated_article_is_announced_in_russian_only(endpoint, committed):
    with committed():
        ArticleFactory(slug_ru="tolko-po-russki", untranslated=True)

    run_queued()

    assert [sent["json"]["urlList"] for sent in endpoint.received] == [
        ["http://testserver/ru/novosti/tolko-po-russki/"]
    ]


def test_a_real_change_of_a_public_article_is_announced_and_other_saves_are_not(endpoint, saved):
    article = ArticleFactory(slug_ru="izmenyaemaya", slug_en="changing")
    draft = ArticleFactory(draft=True)
    DBTaskResult.objects.all().delete()

    saved(article)  # nothing changed
    draft.headline_ru = "Черновик правят"
    saved(draft)  # not public
    article.source_url = "https://www.mos.ru/news/"
    saved(article)  # not its text
    assert queued() == []

    article.headline_en = "A changed headline"
    saved(article)
    assert len(queued()) == 1
    run_queued()
    article.refresh_from_db()
    article.english_ready = False
    saved(article)  # the Russian page no longer links an English one
    run_queued()

    assert [sent["json"]["urlList"] for sent in endpoint.received] == [
        ["http://testserver/ru/novosti/izmenyaemaya/", "http://testserver/en/news/changing/"],
        ["http://testserver/ru/novosti/izmenyaemaya/"],
    ]


def test_search_engines_hear_of_what_readers_see_as_updated(endpoint, committed):
    """One notion of a real change: the blocks put in another order are neither an update
    for readers nor news for the engines; a paragraph's new words are both."""
    published = timezone.now() - timedelta(days=1)
    article = ArticleFactory(published_at=published)
    first = ParagraphFactory(article=article, position=1)
    second = ParagraphFactory(article=article, position=2)
    DBTaskResult.objects.all().delete()

    with committed():
        Article.objects.filter(pk=article.pk).update(updated_at=None)
        first.position, second.position = 3, 4
        first.save()
        second.save()
    article.refresh_from_db()
    assert article.updated_at is None
    assert queued() == []

    with committed():
        second.text_ru = "<p>Абзац, исправленный после публикации.</p>"
        second.save()
    article.refresh_from_db()
    assert article.updated_at is not None
    assert len(queued()) == 1


def test_an_article_saved_with_its_body_is_announced_once(endpoint, committed):
    article = ArticleFactory()
    first = ParagraphFactory(article=article, position=1)
    second = ParagraphFactory(article=article, position=2)
    DBTaskResult.objects.all().delete()

    with committed():
        article.lead_ru = "Новое изложение."
        article.save()
        first.text_ru = "<p>Первый абзац, исправленный.</p>"
        first.save()
        second.delete()
        ParagraphFactory(article=article, position=3)

    [result] = queued()
    assert result.task_result.args == [[article.pk]]


def test_a_rolled_back_save_announces_nothing(endpoint, committed):
    article = ArticleFactory()
    DBTaskResult.objects.all().delete()

    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline_ru = "Не сохранится"
        article.save()
        raise RuntimeError

    assert queued() == []


def test_a_scheduled_article_is_announced_when_it_goes_public(endpoint, committed):
    going_out = timezone.now() + timedelta(hours=3)
    with committed():
        ArticleFactory(slug_ru="zavtrashnyaya", slug_en="upcoming", published_at=going_out)

    [result] = queued()
    assert result.run_after == going_out
    run_queued()
    assert endpoint.received == []  # not due yet

    with time_machine.travel(going_out + timedelta(seconds=1)):
        run_queued()

    assert [sent["json"]["urlList"] for sent in endpoint.received] == [
        ["http://testserver/ru/novosti/zavtrashnyaya/", "http://testserver/en/news/upcoming/"]
    ]


def test_an_article_unpublished_before_its_task_runs_is_not_announced(endpoint, committed):
    with committed():
        article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    run_queued()

    assert endpoint.received == []


def test_without_a_key_nothing_is_queued_and_there_is_no_key_file(client, settings, committed):
    settings.INDEXNOW_KEY = ""
    article = ArticleFactory(draft=True)

    with committed():
        publish_article(article=article)

    assert queued() == []
    assert client.get(f"/{KEY}.txt").status_code == 404


# When the engine fails


def test_a_server_error_is_logged_with_its_traceback_and_tried_again_later(
    endpoint, committed, caplog
):
    endpoint.status = 500
    with committed():
        article = ArticleFactory()

    with caplog.at_level(logging.WARNING, logger="news.indexnow"):
        run_queued()

    [record] = caplog.records
    assert record.levelname == "WARNING"
    assert "HTTP Error 500" in record.exc_text
    [retry] = queued()
    assert retry.task_result.args == [[article.pk], 2]
    assert retry.run_after > timezone.now() + timedelta(seconds=50)

    # Tried three times in all, then dropped.
    later = timezone.now()
    for wait in indexnow.RETRY_DELAYS:
        later += wait + timedelta(seconds=1)
        with time_machine.travel(later):
            run_queued()
    assert len(endpoint.received) == 3
    assert queued() == []
    assert caplog.records[-1].levelname == "ERROR"
    assert "dropped" in caplog.records[-1].getMessage()


def test_a_refused_key_is_dropped_at_once(endpoint, committed, caplog):
    endpoint.status = 403
    with committed():
        ArticleFactory()

    with caplog.at_level(logging.WARNING, logger="news.indexnow"):
        run_queued()

    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "HTTP Error 403" in caplog.records[0].exc_text
    assert queued() == []


def test_an_engine_that_is_down_is_tried_again(endpoint, settings, committed, caplog):
    settings.INDEXNOW_ENDPOINT = "http://127.0.0.1:9/indexnow"  # nothing listens there
    with committed():
        ArticleFactory()

    with caplog.at_level(logging.WARNING, logger="news.indexnow"):
        run_queued()

    assert "Connection refused" in caplog.records[0].exc_text
    assert len(queued()) == 1


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_cannot_be_written_never_breaks_the_editors_save(
    endpoint, editor_client, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the queue is out of order")

    monkeypatch.setattr(DatabaseBackend, "enqueue", broken)
    article = ArticleFactory(draft=True, slug_ru="vsyo-ravno")

    values = open_form(editor_client, change_url(article))
    values["status"] = "published"
    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    assert "vsyo-ravno" in page(editor_client, "/ru/")
    assert any("the queue is out of order" in (r.exc_text or "") for r in caplog.records)
