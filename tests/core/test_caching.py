"""Caching that is never stale: every edit shows on the next request, in every process."""

import urllib.request
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bench.production import gunicorn
from news.models import Article
from tests.factories import ArticleFactory, OfficialFactory, PlacedQuoteFactory
from tests.pages import page, url_in
from translations.models import FieldTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    return PlacedQuoteFactory(
        article__headline_ru="Исходный заголовок",
        article__slug_ru="iskhodnaya",
        article__slug_en="original",
        quote__official__full_name_ru="Пётр Исходный",
    )


# Freshness, in one process


def test_an_edit_shows_on_the_next_request(client, placed):
    article = placed.article
    assert "Исходный заголовок" in page(client, "/ru/novosti/iskhodnaya/")
    assert "Исходный заголовок" in page(client, "/ru/")

    article.headline_ru = "Исправленный заголовок"
    article.save()

    assert "Исправленный заголовок" in page(client, "/ru/novosti/iskhodnaya/")
    assert "Исправленный заголовок" in page(client, "/ru/")


def test_a_change_to_a_quoted_official_shows_on_the_article(client, placed):
    page(client, "/ru/novosti/iskhodnaya/")
    official = placed.quote.official

    official.full_name_ru = "Пётр Переименованный"
    official.save()

    assert "Пётр Переименованный" in page(client, "/ru/novosti/iskhodnaya/")


def test_a_new_quote_text_and_a_new_translation_show(client, placed):
    page(client, "/en/news/original/")
    quote = placed.quote

    quote.text_en = "“A fresh English quote,” he said."
    quote.save()
    FieldTranslation.objects.create(item=quote, field="text", source_text=quote.text_ru)

    assert "A fresh English quote" in page(client, "/en/news/original/")


def test_publication_and_unpublication_show_at_once(client):
    draft = ArticleFactory(headline_ru="Будущая новость", draft=True)
    assert "Будущая новость" not in page(client, "/ru/")

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Будущая новость" in page(client, "/ru/")

    draft.status = Article.Status.DRAFT
    draft.save()
    assert "Будущая новость" not in page(client, "/ru/")


def test_a_scheduled_article_appears_on_time_through_the_cache(client):
    going_out = timezone.now() + timedelta(minutes=5)
    ArticleFactory(headline_ru="Запланированная новость", published_at=going_out)

    early = client.get("/ru/")
    assert "Запланированная новость" not in early.content.decode()
    # A CDN may keep the list only until the article is due.
    max_age = int(early.headers["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 300

    with time_machine.travel(going_out - timedelta(seconds=1)):
        assert "Запланированная новость" not in page(client, "/ru/")
    with time_machine.travel(going_out + timedelta(seconds=1)):
        assert "Запланированная новость" in page(client, "/ru/")


def test_each_of_several_scheduled_articles_appears_on_time(client):
    first = timezone.now() + timedelta(minutes=5)
    second = first + timedelta(minutes=5)
    ArticleFactory(headline_ru="Первая запланированная", published_at=first)
    ArticleFactory(headline_ru="Вторая запланированная", published_at=second)
    page(client, "/ru/")

    with time_machine.travel(first + timedelta(seconds=1)):
        listed = page(client, "/ru/")
        assert "Первая запланированная" in listed
        assert "Вторая запланированная" not in listed
    with time_machine.travel(second + timedelta(seconds=1)):
        assert "Вторая запланированная" in page(client, "/ru/")


def test_a_clock_put_back_hides_what_is_not_yet_due_by_it(client):
    published = timezone.now() - timedelta(seconds=30)
    ArticleFactory(headline_ru="Только что вышедшая", published_at=published)
    assert "Только что вышедшая" in page(client, "/ru/")

    with time_machine.travel(published - timedelta(seconds=30)):
        assert "Только что вышедшая" not in page(client, "/ru/")


def test_a_rolled_back_edit_never_comes_back_from_the_cache(client, placed):
    # A transaction rolled back (or a backup restored) takes the content back to an
    # earlier state; the pages cached in between must never be served for a later one.
    url = "/ru/novosti/iskhodnaya/"
    article = placed.article
    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline_ru = "Отменённый заголовок"
        article.save()
        assert "Отменённый заголовок" in page(client, url)
        raise RuntimeError("roll back")

    article.refresh_from_db()
    article.headline_ru = "Новый заголовок"
    article.save()
    assert "Новый заголовок" in page(client, url)


# Conditional GET and headers


def test_a_repeat_request_gets_304_until_the_content_changes(client, placed):
    first = client.get("/ru/novosti/iskhodnaya/")
    etag = first.headers["ETag"]

    again = client.get("/ru/novosti/iskhodnaya/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    placed.article.lead_ru = "Новый лид."
    placed.article.save()
    changed = client.get("/ru/novosti/iskhodnaya/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Новый лид." in changed.content.decode()
    assert changed.headers["ETag"] != etag


def test_a_head_request_gets_the_headers_a_get_would(client, placed):
    """The length included, rendered afresh and from the cache (the server drops the body)."""
    address = "/ru/novosti/iskhodnaya/"
    fresh_head = client.head(address)
    cached_get = client.get(address)
    cached_head = client.head(address)

    length = str(len(cached_get.content))
    assert [fresh_head["Content-Length"], cached_get["Content-Length"]] == [length, length]
    assert cached_head["Content-Length"] == length
    assert fresh_head["ETag"] == cached_get["ETag"] == cached_head["ETag"]


@pytest.mark.parametrize(
    "url", ["/ru/", "/en/", "/ru/partnery/", "/ru/novosti/rss/", "/sitemap.xml"]
)
def test_public_pages_may_be_kept_briefly_by_a_cdn(client, seeded, url):
    response = client.get(url)

    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert response.headers["ETag"]
    if url.startswith(("/ru/", "/en/")):  # the language is in the URL: no Vary on it
        assert "Accept-Language" not in response.headers.get("Vary", "")


def test_the_root_redirect_varies_on_the_language(client):
    response = client.get("/")

    assert "Accept-Language" in response.headers["Vary"]


def test_admin_and_preview_and_sessions_are_never_cached(client, editor_client, placed):
    preview = editor_client.get(f"/ru/novosti/predprosmotr/{placed.article.pk}/")
    admin = editor_client.get("/admin/news/article/")
    public_with_session = editor_client.get("/ru/novosti/iskhodnaya/")

    for response in (preview, admin, public_with_session):
        assert "public" not in response.headers.get("Cache-Control", "")
        assert (
            "no-cache" in response.headers["Cache-Control"]
            or "private" in response.headers["Cache-Control"]
        )
        assert "ETag" not in response.headers


@pytest.mark.parametrize(
    "url",
    ["/ru/", "/en/news/original/", "/ru/novosti/iskhodnaya/", "/ru/partnery/", "/ru/novosti/rss/"],
)
def test_a_warm_page_needs_one_query(client, django_assert_num_queries, placed, url):
    page(client, url)

    with django_assert_num_queries(1):
        page(client, url)


def test_official_page_warm_needs_one_query(client, django_assert_num_queries, placed):
    url = url_in(placed.quote.official, "en")
    page(client, url)
    with django_assert_num_queries(1):
        page(client, url)


# Nothing from the request shapes what is stored for others

ORIGIN = "https://news.example"


@pytest.fixture
def public_origin(settings):
    """A public origin unlike the test client's host, and a Host list that, as Django's
    does, matches any port."""
    settings.PORTAL_ORIGIN = ORIGIN
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]


POISONED = {"HTTP_HOST": "testserver:6666", "secure": False}


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/robots.txt",
        "/ru/",
        "/en/",
        "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
        "/ru/partnery/",
        "/en/partners/organisations/innobiz/",
        "/ru/novosti/rss/",
        "/en/news/atom/",
    ],
)
def test_absolute_urls_come_from_the_origin_whatever_host_and_scheme_ask(
    client, seeded, public_origin, url
):
    poisoned = page(client, url, **POISONED)
    clean = page(client, url)

    for served in (poisoned, clean):
        assert ORIGIN in served
        assert "6666" not in served
        assert "http://testserver" not in served and "https://testserver" not in served


def test_a_host_the_site_does_not_serve_is_refused_even_when_the_page_is_cached(client, seeded):
    assert client.get("/en/").status_code == 200  # now in the cache

    for host in ("evil.example", "evil.example:80", ""):
        refused = client.get("/en/", HTTP_HOST=host, SERVER_NAME="0.0.0.0")
        assert refused.status_code == 400, host
        assert "This request cannot be answered" in refused.content.decode()
    russian = client.get("/ru/", HTTP_HOST="evil.example")
    assert russian.status_code == 400
    assert "Этот запрос не может быть выполнен" in russian.content.decode()


@pytest.mark.parametrize(
    ("asked", "clean"),
    [
        ("/ru/?utm_source=telegram&utm_medium=social", "/ru/"),
        ("/ru/?fbclid=abc", "/ru/"),
        ("/ru/?page=1", "/ru/"),
        ("/ru/?page=02", "/ru/?page=2"),
        ("/ru/?page=2&x=1", "/ru/?page=2"),
        ("/ru/?x=1&page=2&page=3", "/ru/?page=3"),
        ("/en/news/moscow-and-innobiz-agree-on-joint-projects/?page=2", None),
        ("/ru/novosti/rss/?utm_campaign=x", "/ru/novosti/rss/"),
        ("/sitemap.xml?x=1", "/sitemap.xml"),
    ],
)
def test_unknown_parameters_lead_to_the_one_address_of_the_page(
    client, seeded, django_assert_num_queries, asked, clean
):
    path = asked.split("?")[0]
    clean = clean or path  # an article has no pages: every parameter is unknown to it
    with django_assert_num_queries(0):  # nothing rendered, nothing stored
        response = client.get(asked)

    assert response.status_code == 301
    assert response["Location"] == clean
    if "page=" not in clean:  # one page of news only
        assert client.get(clean).status_code == 200


@pytest.mark.parametrize(
    "number", ["abc", "last", "٣", "３", "²", " 2", "+2", "1_0", "0", "9" * 30]
)
def test_a_page_number_that_is_no_number_is_a_404_and_stores_nothing(client, seeded, number):
    response = client.get("/ru/", {"page": number})

    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
    assert "public" not in response.headers.get("Cache-Control", "")


CACHED_URLS = ["/ru/", "/en/partners/", "/en/news/moscow-and-innobiz-agree-on-joint-projects/"]
parameter = st.one_of(
    st.sampled_from(["page", "p", "utm_source", "q", "PAGE", "page[]"]),
    st.text(max_size=10),
)
page_value = st.one_of(
    st.integers(min_value=-10, max_value=10**30).map(str),
    st.text(alphabet=st.characters(categories=("Nd", "No", "Zs")), max_size=4),
    st.sampled_from(["last", "1_0", "+2", "02", "2 ", "0x2"]),
    st.text(max_size=8),
)


@hypothesis_settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    url=st.sampled_from(CACHED_URLS),
    query=st.lists(st.tuples(parameter, page_value), max_size=3),
)
def test_a_cached_page_is_served_only_at_its_one_address(client, seeded, url, query):
    """However the query string is written, a page is answered (and so stored) only at
    its path with no query, or with a plain page number: anything else is a redirect to
    that address or a 404, so a stranger cannot make entries at will."""
    response = client.get(url, QUERY_STRING=urlencode(query))

    assert response.status_code in (200, 301, 404)
    if response.status_code == 200:
        assert response.request["QUERY_STRING"] in ("", *(f"page={n}" for n in range(2, 99)))
    if response.status_code == 301:
        assert client.get(response["Location"]).status_code in (200, 404)


def test_search_keeps_its_query_while_cached_pages_drop_theirs(client, seeded):
    # Search is never cached: its parameters are its own business.
    response = client.get("/en/search/", {"q": "Innobiz", "utm_source": "x"})

    assert response.status_code == 200
    assert "Innobiz" in response.content.decode()


def test_a_made_up_session_cookie_does_not_skip_the_cache(
    client, placed, django_assert_num_queries
):
    url = "/ru/novosti/iskhodnaya/"
    page(client, url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key-0123456789"

    # The session looked up (it does not exist), the version read: the cached page.
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"] and response.headers["ETag"]


def test_a_real_session_still_gets_a_fresh_private_page(editor_client, placed):
    url = "/ru/novosti/iskhodnaya/"
    editor_client.get(url)
    placed.article.headline_ru = "Свежий для редактора"
    Article.objects.filter(pk=placed.article.pk).update(headline_ru="Свежий для редактора")

    response = editor_client.get(url)

    assert "Свежий для редактора" in response.content.decode()
    assert "private" in response.headers["Cache-Control"]


# Several processes


@pytest.fixture
def two_workers(transactional_db, collected_static):
    """gunicorn with two worker processes, on the test database, as in production."""
    with gunicorn(workers=2) as address:
        yield f"http://{address}"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_every_worker_shows_an_edit_on_the_next_request(two_workers):
    article = ArticleFactory(headline_ru="Версия для всех", slug_ru="dlya-vseh")
    official = OfficialFactory(full_name_ru="Анна Первая")
    url = f"{two_workers}/ru/novosti/dlya-vseh/"
    # Warm every worker's cache (keep-alive off: each request may land on either worker).
    for _ in range(20):
        assert "Версия для всех" in fetch(url)
        fetch(f"{two_workers}{url_in(official, 'ru')}")

    article.headline_ru = "Исправлено для всех"
    article.save()
    official.full_name_ru = "Анна Вторая"
    official.save()

    for _ in range(20):
        assert "Исправлено для всех" in fetch(url)
        assert "Анна Вторая" in fetch(f"{two_workers}{url_in(official, 'ru')}")


def test_workers_whose_database_connections_were_cut_answer_as_usual(two_workers):
    # As after a restart of PostgreSQL: every kept connection is gone.
    ArticleFactory(headline_ru="После обрыва", slug_ru="posle-obryva")
    url = f"{two_workers}/ru/novosti/posle-obryva/"
    for _ in range(10):
        fetch(url)
    with connection.cursor() as cursor:
        # Waiting (up to 5 s) for each to end.
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        assert cursor.fetchone()[0] >= 1

    for _ in range(10):
        assert "После обрыва" in fetch(url)
