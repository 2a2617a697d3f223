"""Corrections: shown at the end of an article in each language, written by editors in its
form, translated like its text, and part of its history."""

import lxml.html
import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, CorrectionFactory
from tests.pages import page, url_in
from translations.models import Status
from translations.status import item_states, needs, overall

pytestmark = pytest.mark.django_db


def corrections_box(html: str):
    boxes = lxml.html.fromstring(html).xpath("//aside[@class='corrections']")
    return boxes[0] if boxes else None


def test_a_correction_is_shown_with_its_date_in_each_language(client):
    correction = CorrectionFactory()

    russian = corrections_box(page(client, url_in(correction.article, "ru")))
    english = corrections_box(page(client, url_in(correction.article, "en")))

    assert "Исправление" in russian.text_content()
    assert correction.text_ru in russian.text_content()
    assert russian.xpath(".//time/@datetime")
    assert "Correction" in english.text_content()
    assert correction.text_en in english.text_content()
    assert correction.text_ru not in english.text_content()


def test_an_untranslated_correction_is_shown_in_russian_on_the_english_page_and_says_so(client):
    correction = CorrectionFactory(untranslated=True)

    english = corrections_box(page(client, url_in(correction.article, "en")))

    (text,) = english.xpath(".//p[@class='correction__text']")
    assert text.text_content() == correction.text_ru
    assert text.get("lang") == "ru"
    assert "not yet translated" in english.text_content()


def test_an_article_without_corrections_shows_no_box(client):
    assert corrections_box(page(client, url_in(ArticleFactory(), "ru"))) is None


def test_an_article_page_with_corrections_still_needs_few_queries(
    client, django_assert_max_num_queries
):
    article = ArticleFactory()
    CorrectionFactory.create_batch(3, article=article)

    for language in ("ru", "en"):
        with django_assert_max_num_queries(6):
            page(client, url_in(article, language))


def test_a_correction_without_english_is_work_for_the_translator():
    article = ArticleFactory()
    assert not Article.objects.filter(needs(Article, Status.MISSING), pk=article.pk).exists()

    CorrectionFactory(article=article, untranslated=True)

    assert Article.objects.filter(needs(Article, Status.MISSING), pk=article.pk).exists()
    assert overall(item_states(Article.objects.get(pk=article.pk))) == Status.MISSING


def test_an_editor_adds_a_correction_and_it_is_in_the_articles_history(editor_client):
    article = ArticleFactory()
    values = open_form(editor_client, change_url(article))
    assert editor_client.post(change_url(article), values).status_code == 302  # version 1

    values = open_form(editor_client, change_url(article))
    values.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text_ru": "Исправлена дата запуска программы.",
            "corrections-0-text_en": "",
            "corrections-0-date_0": "03.12.2026",
            "corrections-0-date_1": "12:00:00",
            "corrections-0-article": str(article.pk),
        }
    )
    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    assert [c.text_ru for c in article.corrections.all()] == ["Исправлена дата запуска программы."]
    first, second = Version.objects.get_for_object(article).order_by("revision__date_created")
    comparison = page(
        editor_client, reverse("admin:news_article_revision", args=[article.pk, second.pk])
    )
    history = page(
        editor_client,
        reverse("admin:news_article_history", args=[article.pk]) + f"?compare={first.pk}",
    )
    assert "Исправлена дата запуска программы." in comparison + history

    # Restoring the version before it takes the correction away again.
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    response = editor_client.post(revision_url, open_form(editor_client, revision_url))
    assert response.status_code == 302, errors(response)
    assert not article.corrections.exists()


def test_a_translator_writes_a_corrections_english_in_the_article_form(translator_client):
    correction = CorrectionFactory(untranslated=True)
    values = open_form(translator_client, change_url(correction.article))
    assert "corrections-0-text_ru" not in values
    values["corrections-0-text_en"] = "The programme's start date was corrected."

    response = translator_client.post(change_url(correction.article), values)

    assert response.status_code == 302, errors(response)
    correction.refresh_from_db()
    assert correction.text_en == "The programme's start date was corrected."


def test_a_translator_cannot_change_a_corrections_russian(translator_client):
    correction = CorrectionFactory(untranslated=True)
    values = open_form(translator_client, change_url(correction.article))
    values["corrections-0-text_ru"] = "Подделка"

    response = translator_client.post(change_url(correction.article), values)

    assert response.status_code == 200
    correction.refresh_from_db()
    assert correction.text_ru != "Подделка"
