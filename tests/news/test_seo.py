"""An editor's title and description for search engines, per language; by default the
headline and the lead."""

import lxml.html
import pytest

from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory
from tests.pages import page, url_in
from tests.portal.test_discovery import meta

pytestmark = pytest.mark.django_db


def title(html: str) -> str:
    return lxml.html.fromstring(html).findtext(".//title")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_without_overrides_the_headline_and_lead_are_the_title_and_description(client, language):
    article = ArticleFactory()
    headline, lead = (getattr(article, f"{field}_{language}") for field in ("headline", "lead"))

    html = page(client, url_in(article, language))

    assert title(html).startswith(headline)
    assert meta(html, "description") == [lead]
    assert meta(html, "og:title") == [headline]
    assert meta(html, "og:description") == [lead]


def test_an_editors_overrides_are_used_in_each_language(client):
    article = ArticleFactory(
        seo_title_ru="Москва и Innobiz: совместные проекты",
        seo_description_ru="Кратко для поисковиков.",
        seo_title_en="Moscow and Innobiz: joint projects",
        seo_description_en="",
    )

    russian = page(client, url_in(article, "ru"))
    english = page(client, url_in(article, "en"))

    assert title(russian).startswith("Москва и Innobiz: совместные проекты")
    assert meta(russian, "description") == ["Кратко для поисковиков."]
    assert meta(russian, "og:title") == ["Москва и Innobiz: совместные проекты"]
    assert meta(russian, "og:description") == ["Кратко для поисковиков."]
    assert title(english).startswith("Moscow and Innobiz: joint projects")
    # No English description of its own: the English lead, never the Russian override.
    assert meta(english, "description") == [article.lead_en]
    # The page still reads its headline.
    assert article.headline_en in english


def test_an_untranslated_articles_english_address_uses_the_russian_override(client):
    article = ArticleFactory(untranslated=True, seo_title_ru="Русский заголовок для поиска")

    assert title(page(client, url_in(article, "en"))).startswith("Русский заголовок для поиска")


def test_an_editor_sets_the_overrides_in_the_article_form(editor_client):
    article = ArticleFactory()
    values = open_form(editor_client, change_url(article))
    values.update({"seo_title_ru": "Заголовок для поиска", "seo_description_en": "For search."})

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert (article.seo_title_ru, article.seo_description_en) == (
        "Заголовок для поиска",
        "For search.",
    )
