"""A reader going from an article to a topic, to an article of it, to its author, and on
to a related article, in each language."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article, Author
from news.taxonomy import Tag
from tests.browser.test_journeys import site  # noqa: F401  (the fixture: the seeded site)
from tests.factories import ArticleFactory, byline

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def related(site):  # noqa: F811
    """An earlier article about start-ups in South Korea by the seed's newsroom,
    translated, and one in Russian only."""
    tag = Tag.objects.get(slug_ru="yuzhnaya-koreya")
    seed = Article.objects.get()
    earlier = ArticleFactory(
        headline_ru="Корейские стартапы приедут в Москву",
        headline_en="Korean start-ups to come to Moscow",
        slug_ru="korejskie-startapy",
        slug_en="korean-start-ups",
        published_at=seed.published_at - timedelta(days=1),
        section=seed.section,
    )
    earlier.tags.add(tag)
    byline(earlier, Author.objects.get())
    ArticleFactory(
        headline_ru="Только на русском о Корее",
        slug_ru="tolko-na-russkom",
        published_at=timezone.now() - timedelta(days=2),
        untranslated=True,
    ).tags.add(tag)
    return site


@pytest.mark.parametrize(
    ("start", "topic", "other", "untranslated", "newsroom"),
    [
        (
            "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
            "Южная Корея",
            "Корейские стартапы приедут в Москву",
            "Только на русском о Корее",
            "Редакция «Новостей инноваций Москвы»",
        ),
        (
            "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
            "South Korea",
            "Korean start-ups to come to Moscow",
            None,
            "The Moscow Innovation News newsroom",
        ),
    ],
    ids=["ru", "en"],
)
def test_a_reader_goes_from_an_article_to_its_topic_and_a_related_article(
    page, related, screenshot, problems, start, topic, other, untranslated, newsroom
):
    page.goto(related + start)
    page.locator(".article-taxonomy__tags a", has_text=topic).click()
    expect(page.locator("h1")).to_have_text(topic)
    expect(page.locator(".article-card")).to_have_count(3 if untranslated else 2)
    screenshot("1-topic")

    page.get_by_role("link", name=other).click()
    expect(page.locator("h1")).to_have_text(other)
    related_links = page.locator(".related-articles a")
    expect(related_links.first).to_contain_text(re.compile("Innobiz"))
    if untranslated is None:
        expect(page.locator(".related-articles")).not_to_contain_text("Только")
    screenshot("2-related-article")

    # Its author, whose page lists both articles in the page's language.
    page.locator(".article__byline a[rel=author]", has_text=newsroom).click()
    expect(page.locator("h1")).to_have_text(newsroom)
    expect(page.locator(".article-card")).to_have_count(2)
    screenshot("3-author")

    page.get_by_role("link", name=other).click()
    page.locator(".related-articles a").first.click()
    expect(page).to_have_url(related + start)
    screenshot("4-related-article")
    assert problems == []
