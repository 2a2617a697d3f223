"""Caching that is never stale, and an edit flushes only the pages that show what it
changed.

A page is stored under its address and language, with what it was made under:

- the content's version: a stamp that any change to which records the pages find or
  their order renews (``ContentVersion``: a record created, deleted, published, moved),
  and the newest publication that is already public (so that a scheduled article
  changes it the moment it appears);
- the versions of what its render read (``core.dependencies``): each content record it
  loaded, or the kind of records it read in bulk. An edit that changes only a record's
  text renews those of the record and its kind (``Dependency``, ``core.effects``), so it
  flushes the pages that read that record, and no other.

Both are read from PostgreSQL on every request in ONE statement (the stamp by its primary
key, the dependencies by theirs), the same answer in every worker and on every machine:
nothing needs purging after an edit, and a cache per process (without Redis) is as correct
as a shared one. A render reads those versions in the same snapshot as the content it
read (``_render_afresh``), so no page is ever stored under versions newer than its text.

The same versions make the ETag, so a browser or CDN asking "If-None-Match" gets a 304
without the page being rendered, and the content's version bounds how long a CDN may keep
a page: never past the next scheduled publication. ``X-Cache`` says whether the page came
from the cache (``hit``) or was made and stored (``miss``); pages that are not cached
(staff's, errors, redirects) carry none.
"""

import bisect
import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, wraps
from importlib import import_module
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import quote_etag
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from core import registry, replicas
from core.dependencies import coarsened, depends_on, recording
from core.models import ContentVersion, Dependency
from core.paging import page_number

__all__ = ["CachedPageMiddleware", "CachedPageMixin", "cached_page", "depends_on", "serve"]

# How long a CDN or browser may keep a public page, and serve it stale while it fetches a
# fresh one. Short: editors expect an edit to show within the minute.
MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
# Entries never go stale (their key changes instead); this only frees unused memory.
CACHE_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Version:
    stamp: str
    latest_public: datetime | None
    next_scheduled: datetime | None

    @property
    def token(self) -> str:
        latest = self.latest_public.timestamp() if self.latest_public else 0
        return f"{self.stamp}-{latest:.6f}"

    def seconds_until_next_publication(self) -> float | None:
        if self.next_scheduled is None:
            return None
        return max(0.0, (self.next_scheduled - timezone.now()).total_seconds())


@dataclass(frozen=True)
class Schedule:
    """When the published articles of one content version go public, as seen at
    ``seen_at``: the newest already public, and those still to come, in order."""

    stamp: str
    seen_at: datetime
    latest_public: datetime | None
    upcoming: tuple[datetime, ...]

    def version_at(self, now: datetime) -> Version:
        due = bisect.bisect_right(self.upcoming, now)
        latest = self.upcoming[due - 1] if due else self.latest_public
        upcoming = self.upcoming[due] if due < len(self.upcoming) else None
        return Version(self.stamp, latest, upcoming)


# The schedule of the version this process saw last. A schedule only changes with the
# content, so the stamp alone says whether it still holds: a request reads one row by its
# primary key, and the articles only after an edit.
_schedule: Schedule | None = None

# The version's stamp as both queries read it.
_STAMP = f"SELECT stamp FROM {ContentVersion._meta.db_table} WHERE id = 1"


# The stamp and a fingerprint of the versions of a page's dependencies (those that were
# ever renewed: a key with no row has its first version still), in one statement.
_VERSIONS = f"""
    SELECT ({_STAMP}),
        (SELECT md5(string_agg(key || '=' || version::text, ',' ORDER BY key))
         FROM {Dependency._meta.db_table} WHERE key = ANY(%s::varchar[]))
"""


def current_version() -> Version:
    """The content's version: one small query, or two after the content has changed."""
    return read_versions(())[0]


def read_versions(
    dependencies: tuple[str, ...], using: str = DEFAULT_DB_ALIAS
) -> tuple[Version, str | None]:
    """The content's version and the fingerprint of these dependencies' versions, as the
    database ``using`` holds them: one query, or two after the content has changed (its
    schedule is read again)."""
    global _schedule
    now = timezone.now()
    with connections[using].cursor() as cursor:
        cursor.execute(_VERSIONS, [list(dependencies)])
        stamp, fingerprint = cursor.fetchone()
        stamp = str(stamp or "")
        schedule = _schedule
        # A clock that went back (a test travelling in time) needs a fresh look too.
        if schedule is None or schedule.stamp != stamp or now < schedule.seen_at:
            schedule = _schedule = _read_schedule(cursor, now)
    return schedule.version_at(now), fingerprint


def _read_schedule(cursor, now: datetime) -> Schedule:
    # The stamp again, in the same statement: one snapshot, so the schedule is the one
    # that goes with the stamp it is stored under. The publication times are the querysets
    # the content registers (``core.registry.publications``), compiled into it.
    (public, public_params), (upcoming, upcoming_params) = (
        times.query.sql_with_params() for times in registry.publications(now)
    )
    cursor.execute(
        f"""
        SELECT ({_STAMP}),
            (SELECT max(public.moment) FROM ({public}) AS public (moment)),
            ARRAY(SELECT upcoming.moment FROM ({upcoming}) AS upcoming (moment) ORDER BY 1)
        """,
        [*public_params, *upcoming_params],
    )
    stamp, latest_public, upcoming_times = cursor.fetchone()
    return Schedule(str(stamp or ""), now, latest_public, tuple(upcoming_times))


def has_session(request) -> bool:
    """Whether the request belongs to a session that exists and holds something (staff
    signed in). A made-up session cookie counts for nothing: otherwise anyone could make
    every request of theirs skip the cache and render afresh. One query, and only for
    requests that send a session cookie."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    if not hasattr(request, "session_exists"):
        store = import_module(settings.SESSION_ENGINE).SessionStore(key)
        request.session_exists = bool(store.load())
    return request.session_exists


def cacheable(request) -> bool:
    """Anonymous GETs only: requests with a session (staff browsing the site) and every
    other method always get a fresh answer."""
    return request.method in ("GET", "HEAD") and settings.PAGE_CACHE and not has_session(request)


class Entry(NamedTuple):
    """A stored page, and what it was made under."""

    content: bytes
    content_type: str
    token: str  # the content's version (``Version.token``)
    dependencies: tuple[str, ...]  # what its render read (``core.dependencies``)
    fingerprint: str | None  # of their versions, read in the render's snapshot


@dataclass(frozen=True)
class CachedPage:
    """What a cached page depends on besides its path and the content: the number of its
    page of results (``page_parameter``), for a list. Every other query parameter (utm_*,
    anything made up) changes nothing in the page, so it must not make a cache entry."""

    page_parameter: str | None = None

    def address(self, request) -> str | None:
        """The request's path with the query string this site writes for it ("", or
        "?page=2"), or None when the page number is no page number."""
        path = escape_uri_path(request.path)
        number = request.GET.get(self.page_parameter) if self.page_parameter else None
        if number is None:
            return path
        page = page_number(number)
        if page is None:
            return None
        return path if page == 1 else f"{path}?{urlencode({self.page_parameter: page})}"


def serve(request, render, page: CachedPage) -> HttpResponse:
    """The page ``render()`` would make: from the cache when nothing it read has changed,
    a 304 when the reader already has it, marked cacheable for a CDN. Requests that carry
    a session get a fresh page, marked private. A page number that is no number (``abc``,
    ``٣``, ``last``) is a 404, for everyone, so that no spelling of it makes an entry."""
    address = page.address(request)
    if address is None:
        raise Http404(_("There is no such page."))
    if not cacheable(request):
        response = render()
        if has_session(request):
            patch_cache_control(response, private=True, no_cache=True)
        return response
    key = _page_key(request, address)
    if not getattr(request, "page_cache_missed", False):  # the middleware looked already
        cached = _from_cache(request, key)
        if cached is not None:
            return cached
    response, read, version, fingerprint = _render_afresh(render)
    if response.status_code == 200 and not response.streaming:
        entry = Entry(response.content, response["Content-Type"], version.token, read, fingerprint)
        cache.set(key, entry, timeout=CACHE_TIMEOUT)
        response["X-Cache"] = "miss"
    return _finish(response, _etag(key, version.token, fingerprint), version)


def _render_afresh(render) -> tuple[HttpResponse, tuple[str, ...], Version, str | None]:
    """The page rendered, what it read, and the versions of those as it read them.

    The versions are read at the end of the render, in the same REPEATABLE READ
    transaction as everything the render read: one snapshot. An edit committed while the
    page renders is either in the snapshot (its text and its new versions both) or not
    (neither), so a page is never stored with old text under new versions; at worst it is
    stored under the old ones, and the next request, seeing the new, renders it again.
    Inside a transaction already (a test, a caller's), that transaction is the snapshot.

    A reader's page reads a read replica when there is one (``core.replicas``): then the
    snapshot, and the versions, are the replica's. A replica that lags stores the page
    under its own older versions, never under the primary's newer ones, and until it has
    caught up each request, comparing with the primary's, renders the page again.
    """
    using = replicas.read_alias()
    database = connections[using]
    with recording() as keys:
        if database.in_atomic_block:
            response = _rendered(render)
            read = coarsened(keys)
            version, fingerprint = read_versions(read, using)
        else:
            with transaction.atomic(using=using):
                with database.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                response = _rendered(render)
                read = coarsened(keys)
                version, fingerprint = read_versions(read, using)
    return response, read, version, fingerprint


def _rendered(render) -> HttpResponse:
    response = render()
    # A template response renders lazily: here, while what it reads is being recorded.
    if callable(getattr(response, "render", None)):
        response.render()
    return response


class CachedPageMiddleware:
    """Answers from the cache before the rest of the stack runs: a page that a view cached
    (see ``serve``), or a 304, skips sessions, CSRF, authentication and the view itself.
    It sits below the middleware that sets the security headers, so its answers still
    carry them; everything else goes on down the stack.

    Only what changes a page makes its key: a request for a host the site does not serve
    is refused first, and one with parameters the page does not know (``utm_*``, anything
    made up) is sent to the page's one address, so that no stranger can fill the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _check_host(request)
        page = _cached_page_of(request.path_info) if cacheable(request) else None
        if page is None:
            return self.get_response(request)
        address = page.address(request)
        if address is None:  # no such page number: the view answers 404
            return self.get_response(request)
        if address != request.get_full_path():
            return HttpResponsePermanentRedirect(address)
        response = _from_cache(request, _page_key(request, address))
        if response is None:
            # The view renders it (``serve``) without looking again.
            request.page_cache_missed = True
            return self.get_response(request)
        language = get_language_from_path(request.path_info)
        if language:
            response["Content-Language"] = language
        return response


def _check_host(request) -> None:
    """A Host that the site does not serve is a 400 before the cache answers (Django
    checks it only when something asks), in the page's language."""
    try:
        request.get_host()
    except DisallowedHost:
        translation.activate(get_language_from_path(request.path_info) or settings.LANGUAGE_CODE)
        raise


def _cached_page_of(path: str) -> CachedPage | None:
    """How the page at ``path`` is cached, or None when it is not. Remembered for the
    paths of real pages: resolving costs about as much as answering from the cache, and
    the URLs never change while the process runs (made-up paths only push each other
    out of a bounded memory)."""
    return _resolved(path) if len(path) <= _LONGEST_REMEMBERED_PATH else _resolve(path)


_LONGEST_REMEMBERED_PATH = 200


def _resolve(path: str) -> CachedPage | None:
    # The URL patterns are translated: they match in the address's language.
    with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "cached_page", None)


_resolved = lru_cache(maxsize=4096)(_resolve)


class CachedPageMixin:
    """``serve`` for a class-based view; a paginated list's page number is part of it."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.cached_page = CachedPage(cls.page_kwarg if getattr(cls, "paginate_by", None) else None)

    def dispatch(self, request, *args, **kwargs):
        def render():
            return super(CachedPageMixin, self).dispatch(request, *args, **kwargs)

        return serve(request, render, self.cached_page)


def cached_page(view, *, page_parameter: str | None = None):
    """``serve`` for a view function (or a syndication ``Feed``), whose pages, if it has
    several, are numbered by ``page_parameter``."""
    page = CachedPage(page_parameter)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve(request, lambda: view(request, *args, **kwargs), page)

    wrapped.cached_page = page
    return wrapped


def _page_key(request, address: str) -> str:
    # The language is the address's (/ru/, /en/); pages without one read the same in both.
    language = get_language_from_path(request.path_info) or ""
    key = f"{address}|{language}"
    return f"page:{hashlib.sha256(key.encode()).hexdigest()}"


def _etag(key: str, token: str, fingerprint: str | None) -> str:
    """Changes whenever the page may: with the content's version or a dependency's."""
    return quote_etag(hashlib.sha256(f"{key}|{token}|{fingerprint}".encode()).hexdigest()[:32])


def _from_cache(request, key: str) -> HttpResponse | None:
    """The stored page, or a 304, when nothing it was made under has changed since; None
    when it must be made (again). One cache get and one query."""
    entry = cache.get(key)
    if entry is None:
        return None
    version, fingerprint = read_versions(entry.dependencies)
    if entry.token != version.token or entry.fingerprint != fingerprint:
        return None
    etag = _etag(key, entry.token, fingerprint)
    if etag in _if_none_match(request):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry.content, content_type=entry.content_type)
        # CommonMiddleware, which sets it on fresh pages, is below: a HEAD request must
        # get the length the GET would, and the server leaves the body out.
        response["Content-Length"] = str(len(entry.content))
    response["X-Cache"] = "hit"
    return _finish(response, etag, version)


def _finish(response, etag: str, version: Version) -> HttpResponse:
    if response.status_code in (200, 304):
        response["ETag"] = etag
        _public(response, version)
    elif response.status_code == 301:
        # An old address (``core.old_slugs``): not stored here, where it would cost about
        # as much as it saves, but kept by browsers and CDNs no longer than a page, since
        # a later rename may move it again (back to it, even: a 301 kept for ever would
        # then loop).
        _public(response, version)
    return response


def _if_none_match(request) -> set[str]:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _public(response, version: Version) -> None:
    max_age = MAX_AGE
    until_next = version.seconds_until_next_publication()
    if until_next is not None:
        # Not a second past the next scheduled article: a list must show it on time.
        max_age = min(max_age, int(until_next))
    # No Vary on the language: it is in the address (/ru/, /en/). The one address that
    # picks a language from the request, "/", is Django's redirect, which varies itself.
    patch_cache_control(
        response, public=True, max_age=max_age, stale_while_revalidate=STALE_WHILE_REVALIDATE
    )
