"""A reader follows the byline to the author's page and back, in each language; the
author's pages and an article with a correction are accessible and valid HTML."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.browser.test_journeys import violations_on
from tests.factories import CorrectionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/ru/avtory/redakciya/",
    "/en/authors/newsroom/",
    "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
    "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
]


@pytest.fixture
def site(live_server, seeded):
    # A correction not yet translated: the English page shows it in Russian, marked.
    CorrectionFactory(article=Article.objects.get(), untranslated=True)
    return live_server.url


@pytest.mark.parametrize(
    ("start", "desk", "headline"),
    [
        (PAGES[2], "Редакция «Новостей инноваций Москвы»", "договорились о совместных проектах"),
        (PAGES[3], "The Moscow Innovation News newsroom", "agree on joint projects"),
    ],
    ids=["ru", "en"],
)
def test_a_reader_follows_the_byline_to_the_author_and_back(
    page, site, screenshot, problems, start, desk, headline
):
    page.goto(site + start)
    expect(page.locator(".corrections")).to_be_visible()
    page.locator(".byline a[rel=author]").click()
    expect(page.locator("h1")).to_have_text(desk)
    screenshot("author")

    page.locator(".article-card a").first.click()
    expect(page).to_have_url(re.compile(re.escape(start) + "$"))
    expect(page.locator("h1")).to_contain_text(headline)
    assert problems == []


def test_author_pages_and_corrections_are_accessible_and_valid(page, site, problems, vnu, tmp_path):
    assert violations_on(page, site, PAGES, problems) == {}
    assert problems == []
    files = []
    for number, path in enumerate(PAGES):
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(urllib.request.urlopen(site + path).read())
        files.append(file)
    assert vnu(files) == ""
