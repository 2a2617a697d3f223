"""Related articles under an article, and the archives of a year or a month."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from news.models import Article
from tests.factories import ArticleFactory, OrganisationFactory, SectionFactory, TagFactory
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def neighbours():
    """An article and others sharing with it tags, an organisation or its section."""
    section, other_section = SectionFactory(), SectionFactory()
    korea, startups = TagFactory(), TagFactory()
    innobiz = OrganisationFactory()
    now = timezone.now()

    def article(headline, *, tags=(), organisations=(), days=1, **fields):
        made = ArticleFactory(
            headline_ru=f"{headline} (ru)",
            headline_en=headline,
            published_at=now - timedelta(days=days),
            **fields,
        )
        made.tags.set(tags)
        made.organisations.set(organisations)
        return made

    return {
        "main": article("Main", tags=[korea, startups], organisations=[innobiz], section=section),
        "both_tags": article("Both tags", tags=[korea, startups], days=9, section=other_section),
        "one_tag_old": article("One tag, old", tags=[korea], days=8),
        "one_tag_new": article("One tag, new", tags=[startups], days=2),
        "organisation": article("Same organisation", organisations=[innobiz], days=3),
        "section": article("Same section", section=section, days=4),
        "untranslated": article(
            "Untranslated", tags=[korea, startups], organisations=[innobiz], untranslated=True
        ),
        "draft": article("Draft", tags=[korea, startups], draft=True),
        "unrelated": article("Unrelated", section=other_section, days=1),
    }


def related_headlines(html: str) -> list[str]:
    block = html.split('id="related-articles"', 1)[1].split("</section>", 1)[0]
    return [part.split("</a>", 1)[0] for part in block.split('">')[1:] if "</a>" in part]


def test_related_articles_are_the_nearest_available_in_english(client, neighbours):
    html = page(client, url_in(neighbours["main"], "en"))

    # Two shared tags, then one (the newer first), then an organisation; four at most.
    assert related_headlines(html) == [
        "Both tags",
        "One tag, new",
        "One tag, old",
        "Same organisation",
    ]


def test_related_articles_in_russian_include_those_not_translated(client, neighbours):
    html = page(client, url_in(neighbours["main"], "ru"))

    assert related_headlines(html)[:2] == ["Untranslated (ru)", "Both tags (ru)"]
    assert "Draft (ru)" not in html
    assert "Unrelated (ru)" not in html


def test_a_scheduled_article_becomes_related_when_its_time_comes(client, neighbours):
    """The article page's query is written once per process (``for_page_in``): the time
    it compares with is read when each page is made, not when the query was written."""
    going_out = timezone.now() + timedelta(hours=2)
    scheduled = ArticleFactory(headline_en="Scheduled", published_at=going_out)
    scheduled.tags.set(neighbours["main"].tags.all())
    scheduled.organisations.set(neighbours["main"].organisations.all())
    address = url_in(neighbours["main"], "en")

    assert "Scheduled" not in related_headlines(page(client, address))
    cache.clear()  # the page cache is not what this is about
    with time_machine.travel(going_out + timedelta(seconds=1)):
        assert related_headlines(page(client, address))[0] == "Scheduled"


def test_the_section_alone_makes_an_article_related(neighbours):
    for name in ("both_tags", "one_tag_old", "one_tag_new", "organisation"):
        neighbours[name].delete()

    main = Article.objects.with_related("en").get(pk=neighbours["main"].pk)

    assert [article.headline_en for article in main.related_in("en")] == ["Same section"]
    # Without the column read with it, one query answers the same.
    plain = Article.objects.get(pk=neighbours["main"].pk)
    assert [article.pk for article in plain.related_in("en")] == [neighbours["section"].pk]


def test_an_article_with_nothing_in_common_shows_no_related_block(client):
    article = ArticleFactory()
    ArticleFactory()

    assert 'id="related-articles"' not in page(client, url_in(article, "en"))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_related_articles_cost_no_query_of_their_own(
    client, django_assert_max_num_queries, neighbours, language
):
    page(client, url_in(neighbours["main"], language))
    cache.clear()

    with django_assert_max_num_queries(6):
        page(client, url_in(neighbours["main"], language))


def in_moscow(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=MOSCOW)


@pytest.fixture
def dated():
    return {
        "december": ArticleFactory(
            headline_ru="Декабрьская",
            headline_en="December item",
            published_at=in_moscow(2025, 12, 5),
        ),
        "november": ArticleFactory(
            headline_ru="Ноябрьская",
            headline_en="November item",
            published_at=in_moscow(2025, 11, 5),
        ),
        "russian_only": ArticleFactory(
            headline_ru="Октябрьская", published_at=in_moscow(2025, 10, 5), untranslated=True
        ),
    }


def test_a_month_archive_lists_that_months_articles_in_each_language(client, dated):
    russian = page(client, "/ru/novosti/2025/12/")
    english = page(client, "/en/news/2025/12/")

    assert "Декабрьская" in russian and "Ноябрьская" not in russian
    assert "December item" in english and "November item" not in english
    assert "Новости: Декабрь 2025" in russian
    assert "News of December 2025" in english


def test_a_year_archive_lists_the_years_articles_newest_first(client, dated):
    russian = page(client, "/ru/novosti/2025/")
    english = page(client, "/en/news/2025/")

    assert russian.index("Декабрьская") < russian.index("Ноябрьская") < russian.index("Октябрьская")
    assert "December item" in english and "Октябрьская" not in english


def test_a_month_with_nothing_in_a_language_is_no_page_there(client, dated):
    assert "Октябрьская" in page(client, "/ru/novosti/2025/10/")
    page(client, "/en/news/2025/10/", status=404)
    # The Russian page's switcher leads English readers home, not to that 404.
    assert '<a href="/en/" hreflang="en"' in page(client, "/ru/novosti/2025/10/")
    assert '<a href="/en/news/2025/12/" hreflang="en"' in page(client, "/ru/novosti/2025/12/")


@pytest.mark.parametrize(
    "url",
    [
        "/ru/novosti/2025/13/",
        "/ru/novosti/2025/00/",
        "/ru/novosti/2025/1/",
        "/ru/novosti/0000/",
        "/ru/novosti/9999/",
        "/ru/novosti/9999/12/",
        "/en/news/1000/01/",
        "/ru/novosti/2024/",
        "/ru/novosti/2025/12/?page=2",
        "/ru/novosti/2025/12/?page=x",
    ],
)
def test_a_bad_or_empty_period_or_page_is_a_404(client, dated, url):
    page(client, url, status=404)


def test_a_scheduled_article_is_not_in_its_months_archive_yet(client):
    ArticleFactory(headline_ru="Скоро", published_at=timezone.now() + timedelta(days=40))
    ArticleFactory(headline_ru="Уже", published_at=timezone.now())
    now = timezone.localtime()

    assert "Скоро" not in page(client, f"/ru/novosti/{now:%Y}/{now:%m}/")


def test_the_archive_is_paginated(client):
    for day in range(1, 16):
        ArticleFactory(published_at=in_moscow(2025, 3, day))

    assert page(client, "/en/news/2025/03/").count('<article class="article-card">') == 10
    assert page(client, "/en/news/2025/03/?page=2").count('<article class="article-card">') == 5
    page(client, "/en/news/2025/03/?page=3", status=404)


@pytest.mark.parametrize("url", ["/ru/novosti/2025/03/", "/en/news/2025/", "/en/news/2025/03/"])
def test_an_archive_needs_few_queries_however_many_articles(
    client, django_assert_max_num_queries, url
):
    for day in range(1, 16):
        ArticleFactory(published_at=in_moscow(2025, 3, day))

    with django_assert_max_num_queries(6):
        page(client, url)


def test_the_articles_date_links_to_its_months_archive(client, dated):
    html = page(client, url_in(dated["december"], "en"))

    assert '<a class="article-date__archive" href="/en/news/2025/12/">' in html
    assert 'href="/ru/novosti/2025/12/"' in page(client, url_in(dated["december"], "ru"))


def test_an_article_published_later_appears_in_its_archive_at_once(client, dated):
    page(client, "/ru/novosti/2025/12/")

    ArticleFactory(headline_ru="Поздняя", published_at=in_moscow(2025, 12, 20))

    assert "Поздняя" in page(client, "/ru/novosti/2025/12/")
