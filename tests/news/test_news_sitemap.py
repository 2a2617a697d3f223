"""The Google News sitemap: the last two days' articles in each language they are available
in, valid against the published schemas, cached and never stale."""

from datetime import timedelta
from pathlib import Path

import lxml.etree
import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

PUBLISHED_SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas" / "published"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

# Both published schemas at once: the sitemap's validates the news elements strictly
# ("##other", processContents="strict"), so it must know Google's.
BOTH_SCHEMAS = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9"
              schemaLocation="{(PUBLISHED_SCHEMAS / "sitemap.xsd").as_uri()}"/>
  <xsd:import namespace="http://www.google.com/schemas/sitemap-news/0.9"
              schemaLocation="{(PUBLISHED_SCHEMAS / "sitemap-news.xsd").as_uri()}"/>
</xsd:schema>"""


def news_sitemap(client) -> lxml.etree._Element:
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return lxml.etree.fromstring(response.content)


def valid_news_sitemap(client) -> lxml.etree._Element:
    document = news_sitemap(client)
    lxml.etree.XMLSchema(lxml.etree.fromstring(BOTH_SCHEMAS)).assertValid(document)
    return document


def listed(document) -> dict[str, dict[str, str]]:
    """Each address with what its news:news says."""
    return {
        url.findtext(f"{SITEMAP}loc"): {
            "name": url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name"),
            "language": url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
            "date": url.findtext(f"{NEWS}news/{NEWS}publication_date"),
            "title": url.findtext(f"{NEWS}news/{NEWS}title"),
        }
        for url in document.iter(f"{SITEMAP}url")
    }


def test_an_article_of_today_is_listed_in_both_languages_and_the_sitemap_is_valid(client):
    # A second ago, with microseconds the sitemap leaves out (not ahead of now: then the
    # article would be scheduled, not published).
    published = (timezone.now() - timedelta(seconds=1)).replace(microsecond=123456)
    ArticleFactory(
        headline_ru="Москва & партнёры <вместе>",
        headline_en="Moscow & partners <together>",
        slug_ru="segodnya",
        slug_en="today",
        published_at=published,
    )

    urls = listed(valid_news_sitemap(client))

    moscow_time = timezone.localtime(published).replace(microsecond=0).isoformat()
    assert moscow_time.endswith("+03:00")
    assert urls == {
        "http://testserver/ru/novosti/segodnya/": {
            "name": "Новости инноваций Москвы",
            "language": "ru",
            "date": moscow_time,
            "title": "Москва & партнёры <вместе>",
        },
        "http://testserver/en/news/today/": {
            "name": "Moscow Innovation News",
            "language": "en",
            "date": moscow_time,
            "title": "Moscow & partners <together>",
        },
    }


def test_only_articles_of_the_last_two_days_available_in_the_language_are_listed(client):
    now = timezone.now()
    ArticleFactory(slug_ru="vchera", slug_en="yesterday", published_at=now - timedelta(days=1))
    ArticleFactory(slug_ru="russkaya", published_at=now - timedelta(hours=1), untranslated=True)
    ArticleFactory(slug_ru="staraya", slug_en="old", published_at=now - timedelta(days=2, hours=1))
    ArticleFactory(slug_ru="chernovik", slug_en="draft", draft=True)
    ArticleFactory(slug_ru="zavtra", slug_en="tomorrow", scheduled=True)

    urls = listed(valid_news_sitemap(client))

    assert set(urls) == {
        "http://testserver/ru/novosti/vchera/",
        "http://testserver/en/news/yesterday/",
        "http://testserver/ru/novosti/russkaya/",
    }


def test_without_news_the_sitemap_lists_nothing(client):
    ArticleFactory(published_at=timezone.now() - timedelta(days=3))

    document = news_sitemap(client)

    # An empty <urlset>: the published schema asks for one <url> at least, so a sitemap
    # with no news is the one case it does not validate; search engines read it as empty.
    assert document.tag == f"{SITEMAP}urlset"
    assert listed(document) == {}


def test_robots_txt_names_the_news_sitemap(client):
    robots = page(client, "/robots.txt")

    assert "Sitemap: http://testserver/sitemap.xml\n" in robots
    assert "Sitemap: http://testserver/sitemap-news.xml\n" in robots


# Cached, and never stale


def test_a_newly_published_article_appears_at_once(client):
    ArticleFactory(slug_ru="pervaya")
    assert len(listed(news_sitemap(client))) == 2
    draft = ArticleFactory(slug_ru="vtoraya", slug_en="second", draft=True)
    assert len(listed(news_sitemap(client))) == 2

    draft.status = draft.Status.PUBLISHED
    draft.save()

    assert "http://testserver/en/news/second/" in listed(news_sitemap(client))


def test_an_article_leaves_the_sitemap_two_days_after_its_publication_without_an_edit(client):
    published = timezone.now() - timedelta(days=1)
    ArticleFactory(slug_ru="uhodyashchaya", published_at=published)
    leaves = published + timedelta(days=2)

    with time_machine.travel(leaves - timedelta(seconds=1)):
        assert "http://testserver/ru/novosti/uhodyashchaya/" in listed(news_sitemap(client))
        # Not kept by a CDN past its leaving either.
        response = client.get("/sitemap-news.xml")
        assert "max-age=0" in response["Cache-Control"]
    with time_machine.travel(leaves + timedelta(seconds=1)):
        assert listed(news_sitemap(client)) == {}


def test_a_scheduled_article_appears_at_its_time(client):
    going_out = timezone.now() + timedelta(minutes=5)
    ArticleFactory(slug_ru="zaplanirovannaya", published_at=going_out)
    assert listed(news_sitemap(client)) == {}

    with time_machine.travel(going_out + timedelta(seconds=1)):
        assert "http://testserver/ru/novosti/zaplanirovannaya/" in listed(news_sitemap(client))


def test_the_second_request_is_answered_from_the_cache(client, django_assert_max_num_queries):
    ArticleFactory()
    first = client.get("/sitemap-news.xml")

    with django_assert_max_num_queries(1):
        second = client.get("/sitemap-news.xml")

    assert second.content == first.content
    assert client.get("/sitemap-news.xml?utm_source=x").status_code == 301


@pytest.mark.parametrize("articles", [1, 30])
def test_the_news_sitemap_needs_few_queries_however_many_articles(
    client, django_assert_max_num_queries, articles
):
    ArticleFactory.create_batch(articles)

    with django_assert_max_num_queries(6):
        document = news_sitemap(client)

    assert len(listed(document)) == 2 * articles
