"""A link in a paragraph to the portal's own article or partner leads to that record's page
in the reader's language, whichever language's address the editor wrote."""

import pytest

from tests.factories import ArticleFactory, OrganisationFactory, ParagraphFactory
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db


def linking_to(href_ru: str, href_en: str):
    article = ArticleFactory(headline_ru="Со ссылкой", headline_en="With a link")
    ParagraphFactory(
        article=article,
        text_ru=f'<p>См. <a href="{href_ru}">другую</a>.</p>',
        text_en=f'<p>See <a href="{href_en}">another</a>.</p>',
    )
    return article


@pytest.mark.parametrize("written_in", ["ru", "en"])
def test_a_link_to_an_article_leads_to_it_in_each_readers_language(client, written_in):
    target = ArticleFactory()
    href = url_in(target, written_in)
    article = linking_to(href, href)

    russian = page(client, url_in(article, "ru"))
    english = page(client, url_in(article, "en"))

    assert f'<a href="{url_in(target, "ru")}">другую</a>' in russian
    assert f'<a href="{url_in(target, "en")}">another</a>' in english


def test_a_link_to_a_partner_follows_the_language_and_keeps_its_fragment(client):
    organisation = OrganisationFactory()
    article = linking_to(f"{url_in(organisation, 'en')}#people", url_in(organisation, "ru"))

    russian = page(client, url_in(article, "ru"))
    english = page(client, url_in(article, "en"))

    assert f'<a href="{url_in(organisation, "ru")}#people">другую</a>' in russian
    assert f'<a href="{url_in(organisation, "en")}">another</a>' in english


def test_an_absolute_address_of_the_site_becomes_a_relative_one(client, settings):
    target = ArticleFactory()
    article = linking_to(f"{settings.PORTAL_ORIGIN}{url_in(target, 'en')}", url_in(target, "ru"))

    assert f'<a href="{url_in(target, "ru")}">другую</a>' in page(client, url_in(article, "ru"))


def test_a_link_to_an_untranslated_article_leads_to_the_original_and_says_so(client):
    target = ArticleFactory(untranslated=True)
    href = url_in(target, "ru")
    article = linking_to(href, href)

    english = page(client, url_in(article, "en"))

    assert f'<a href="{href}" hreflang="ru">another</a>' in english


@pytest.mark.parametrize("kind", ["draft", "unknown", "list"])
def test_a_link_to_no_visible_record_stays_as_written(client, kind):
    hrefs = {
        "draft": url_in(ArticleFactory(draft=True), "ru"),
        "unknown": "/ru/novosti/net-takoj/",
        "list": "/en/partners/",
    }
    article = linking_to(hrefs[kind], hrefs[kind])

    assert f'<a href="{hrefs[kind]}">another</a>' in page(client, url_in(article, "en"))


def test_a_page_with_links_stays_within_its_queries(client, django_assert_max_num_queries):
    targets = [ArticleFactory() for _ in range(3)]
    article = ArticleFactory()
    links = "".join(
        f'<a href="{url_in(target, "ru")}">{n}</a> ' for n, target in enumerate(targets)
    )
    ParagraphFactory(article=article, text_ru=f"<p>{links}</p>", text_en=f"<p>{links}</p>")

    # The page's own, and one a link.
    with django_assert_max_num_queries(6 + len(targets)):
        page(client, url_in(article, "en"))
