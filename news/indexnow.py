"""IndexNow (https://www.indexnow.org/documentation): search engines (Yandex first) are told
of each article that goes public and of each real change of a public one, in every
language it is available in.

A save only queues the announcement, once its transaction commits; a background task
(django-tasks, queued in PostgreSQL, run by ``manage.py db_worker``) sends it, so that an
editor's save never waits for a search engine, nor fails because one is down. An article
scheduled for later is announced by a task that runs at its publication time. Nothing is
queued while no ``INDEXNOW_KEY`` is set. (Writes that send no signal, ``QuerySet.update()``,
are not announced: the portal's writers all save.)

A request that fails for a while (the engine answers 429 or 5xx, or cannot be reached) is
tried again after a minute, then after ten; then it is dropped. One the engine refuses
(400, 403, 422: a key it cannot check, addresses not of this host) is dropped at once, as
asking again would not change the answer. Each failure is logged with its traceback.
"""

import json
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.addresses import absolute_url
from core.languages import LANGUAGES
from news import updates
from news.models import Article, BodyItem
from partners.models import Quote

logger = logging.getLogger(__name__)

# Seconds to wait for the engine's answer: the worker does nothing else meanwhile.
TIMEOUT = 10
# The waits before the second and third tries of a request that failed for a while.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10))


def enabled() -> bool:
    return bool(settings.INDEXNOW_KEY)


def key_file(request, key: str) -> HttpResponse:
    """``/<key>.txt``: the key, which the engine reads to check that the site sent it."""
    if not enabled() or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(key, content_type="text/plain; charset=utf-8")


# What, beyond its text, makes an article's page appear, move or show something else: its
# going public (status, date), its English being ready, its address, and the picture or
# quote a block shows. What counts as a change of text is ``news.updates``' rule, asked
# here too, so that the updated date readers see and what search engines hear agree.
def _translated(*names: str) -> tuple[str, ...]:
    return tuple(f"{name}_{language}" for name in names for language in LANGUAGES)


PAGE_FIELDS = {
    Article: ("status", "published_at", "english_ready", *_translated("slug")),
    BodyItem: ("kind", "quote_id", "image_id"),
    Quote: ("official_id",),
}


def _columns(model) -> tuple[str, ...]:
    return (*updates.text_columns(model), *PAGE_FIELDS[model])


def announcement_time(article: Article, *, changed: bool) -> datetime | None:
    """When search engines should hear of ``article`` after a save that ``changed`` what
    its page shows: at once when it is public, at its publication time when it is
    scheduled; None when it is a draft or nothing they see changed."""
    if not changed or article.status != Article.Status.PUBLISHED or not article.published_at:
        return None
    return max(article.published_at, timezone.now())


def changes_page(instance, before: dict | None) -> bool:
    """Whether saving ``instance`` changes what its article's page shows, against its
    columns as stored (``before``; None: a new record)."""
    if before is None:
        return True
    fields = PAGE_FIELDS[type(instance)]
    return updates.changes_text(instance, before, first_translation_counts=True) or any(
        before[field] != getattr(instance, field) for field in fields
    )


def _remember_before(sender, instance, **kwargs) -> None:
    """What the page showed before this save, read from the database (a form may have
    changed the instance in hand long before)."""
    if not enabled() or instance.pk is None:
        return
    instance._shown_before = (
        sender._base_manager.filter(pk=instance.pk).values(*_columns(sender)).first()
    )


def _saved(sender, instance, created=False, **kwargs) -> None:
    if not enabled():
        return
    before = None if created else getattr(instance, "_shown_before", None)
    _announce_on_commit(_article_of(instance), changed=changes_page(instance, before))


def _deleted(sender, instance, **kwargs) -> None:
    if enabled() and sender is not Article:
        article = Article.objects.filter(pk=instance.article_id).first()
        if article is not None:
            _announce_on_commit(article, changed=True)


def _article_of(instance) -> Article:
    return instance if isinstance(instance, Article) else instance.article


def connect() -> None:
    for model in PAGE_FIELDS:
        label = model._meta.label
        pre_save.connect(_remember_before, sender=model, dispatch_uid=f"indexnow-before-{label}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"indexnow-saved-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"indexnow-deleted-{label}")


class _Announcements:
    """The articles a transaction changed, announced once it commits: an article saved
    with its body of twenty blocks is one announcement, not twenty-one."""

    def __init__(self):
        self.due: dict[int, datetime] = {}

    def add(self, article: Article, at: datetime) -> None:
        self.due[article.pk] = max(at, self.due.get(article.pk, at))

    def enqueue(self) -> None:
        now = timezone.now()
        by_time: dict[datetime | None, list[int]] = defaultdict(list)
        for article_id, at in sorted(self.due.items()):
            by_time[at if at > now else None].append(article_id)
        for at, article_ids in by_time.items():
            (announce.using(run_after=at) if at else announce).enqueue(article_ids)


def _announce_on_commit(article: Article, *, changed: bool) -> None:
    at = announcement_time(article, changed=changed)
    if at is None:
        return
    connection = transaction.get_connection()
    # The transaction's (or savepoint's) own list of what runs at its commit, so that one
    # rolled back takes its announcements with it.
    # (None stands for an atomic block that made no savepoint.)
    savepoint = set(connection.savepoint_ids) - {None}
    pending = next(
        (
            func.__self__
            for ids, func, _robust in connection.run_on_commit
            if ids - {None} == savepoint
            and isinstance(getattr(func, "__self__", None), _Announcements)
        ),
        None,
    )
    if pending is not None:
        pending.add(article, at)
        return
    pending = _Announcements()
    pending.add(article, at)
    # Robust: a queue that cannot be written to is logged, and the save stands. (Outside
    # a transaction this runs at once.)
    transaction.on_commit(pending.enqueue, robust=True)


def announced_urls(article_ids: list[int]) -> list[str]:
    """The addresses of these articles in each language they are available in now."""
    urls = []
    for language in LANGUAGES:
        with translation.override(language):
            for article in Article.objects.available_in(language).filter(pk__in=article_ids):
                urls.append(absolute_url(article.get_absolute_url()))
    return urls


def submit(urls: list[str]) -> None:
    """POST ``urls`` to the IndexNow endpoint, as its documentation asks; raises
    ``urllib.error.URLError`` (``HTTPError`` for an answer other than 2xx) or ``OSError``."""
    key = settings.INDEXNOW_KEY
    body = {
        "host": urlsplit(settings.PORTAL_ORIGIN).hostname,
        "key": key,
        "keyLocation": absolute_url(reverse("indexnow_key", kwargs={"key": key})),
        "urlList": urls,
    }
    request = urllib.request.Request(
        settings.INDEXNOW_ENDPOINT,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        response.read()


def _is_passing(error: OSError) -> bool:
    """Whether asking again later may succeed: too many requests, a server error, no
    answer; not a refusal of the key or of the addresses."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code == 429 or error.code >= 500
    return True


@task()
def announce(article_ids: list[int], attempt: int = 1) -> list[str]:
    """Tell the search engines of these articles' pages; returns the addresses sent."""
    if not enabled():
        return []
    urls = announced_urls(article_ids)
    if not urls:  # unpublished or rescheduled since: a later task announces it
        return []
    try:
        submit(urls)
    except OSError as error:
        if _is_passing(error) and attempt <= len(RETRY_DELAYS):
            logger.warning(
                "IndexNow: announcing %s failed; trying again (attempt %d).",
                urls,
                attempt + 1,
                exc_info=True,
            )
            run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
            announce.using(run_after=run_after).enqueue(article_ids, attempt + 1)
        else:
            logger.error("IndexNow: announcing %s failed; dropped.", urls, exc_info=True)
        return []
    logger.info("IndexNow: announced %s.", urls)
    return urls
