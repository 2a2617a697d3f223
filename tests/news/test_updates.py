"""The updated date: set when an article's text changes after publication, by whatever
writer, and shown on its page, in its structured data and in the feeds."""

from datetime import datetime, timedelta

import feedparser
import lxml.html
import pytest
from django.utils import timezone

from news import services
from news.models import Article
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, ParagraphFactory, PlacedQuoteFactory
from tests.pages import page, url_in
from tests.portal.test_discovery import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    """Published yesterday with its paragraph (what changes in the minute an article goes
    public is part of its publishing, ``news.updates``)."""
    article = ArticleFactory(draft=True, published_at=timezone.now() - timedelta(days=1))
    ParagraphFactory(article=article, position=1)
    article.status = Article.Status.PUBLISHED
    article.save()
    return Article.objects.get(pk=article.pk)


def updated_at(article) -> object:
    return Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)


def test_a_published_article_is_not_updated_until_its_text_changes(article):
    assert updated_at(article) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline_ru", "Новый заголовок"),
        ("lead_ru", "Новый лид."),
        ("headline_en", "A new headline"),
        ("lead_en", "A new lead."),
    ],
)
def test_a_change_of_its_text_in_either_language_updates_it(article, field, value):
    setattr(article, field, value)
    article.save()

    assert updated_at(article) is not None


def test_a_status_only_save_or_the_same_text_saved_again_does_not(article, editor):
    article.save()
    article.english_ready = True
    article.save()
    services.publish_article(article=article, by=editor)  # public already
    article.source_url = "https://www.mos.ru/news/"
    article.save()

    assert updated_at(article) is None


def test_changes_in_the_save_that_publishes_it_are_part_of_its_first_version():
    article = ArticleFactory()  # published now, in this transaction
    ParagraphFactory(article=article, text_ru="<p>Абзац, сохранённый с публикацией.</p>")
    article.headline_ru = "Заголовок, поправленный при публикации"
    article.save()

    assert updated_at(article) is None


def test_saves_of_a_draft_or_a_scheduled_article_do_not():
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    for article in (draft, scheduled):
        article.headline_ru = "Переписанный заголовок"
        article.save()
        ParagraphFactory(article=article, text_ru="<p>Новый абзац.</p>")

    assert updated_at(draft) is None and updated_at(scheduled) is None


def test_publishing_a_draft_with_new_text_does_not():
    draft = ArticleFactory(draft=True)
    draft.headline_ru = "Окончательный заголовок"
    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert updated_at(draft) is None


def test_a_change_of_the_body_updates_it(article):
    paragraph = article.body.get()
    paragraph.text_ru = "<p>Исправленный абзац.</p>"
    paragraph.save()

    assert updated_at(article) is not None


def test_a_block_added_or_removed_or_a_quote_changed_updates_it(article):
    ParagraphFactory(article=article, position=2, text_ru="<p>Добавленный абзац.</p>")
    first = updated_at(article)
    assert first is not None

    article.body.get(position=2).delete()
    assert updated_at(article) > first

    placed = PlacedQuoteFactory(article=article, position=3)
    second = updated_at(article)
    placed.quote.text_ru = "«Другие слова», — сказал он."
    placed.quote.save()
    assert updated_at(article) > second


def test_the_first_english_of_a_published_article_is_a_translation_not_an_update():
    article = ArticleFactory(untranslated=True, published_at=timezone.now() - timedelta(days=1))
    article.headline_en = "First English headline"
    article.save()

    assert updated_at(article) is None


def test_moving_a_block_does_not(article):
    paragraph = article.body.get()
    paragraph.position = 5
    paragraph.save(update_fields=["position"])

    assert updated_at(article) is None


def test_an_editors_text_change_in_the_admin_updates_it_and_a_status_only_save_does_not(
    editor_client, article
):
    values = open_form(editor_client, change_url(article))
    assert editor_client.post(change_url(article), values).status_code == 302
    assert updated_at(article) is None

    values = open_form(editor_client, change_url(article))
    values["body-0-text_ru"] = "<p>Абзац после правки.</p>"
    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    assert updated_at(article) is not None


def test_the_page_says_when_it_was_updated_in_each_language(client, article):
    assert "article__updated" not in page(client, url_in(article, "ru"))

    article.lead_ru = "Уточнённый лид."
    article.save()
    article.refresh_from_db()

    for language, label in (("ru", "Обновлено"), ("en", "Updated")):
        html = page(client, url_in(article, language))
        (time,) = lxml.html.fromstring(html).xpath("//*[@class='article__updated']/time")
        assert label in time.getparent().text_content()
        # To the second, as a valid HTML date (and the article's own date) gives it.
        assert datetime.fromisoformat(time.get("datetime")) == article.updated_at.replace(
            microsecond=0
        )
        (data,) = json_ld(html)
        # JSON's dates keep milliseconds.
        modified = datetime.fromisoformat(data["dateModified"])
        assert abs(modified - article.updated_at) < timedelta(milliseconds=1)
        assert modified > datetime.fromisoformat(data["datePublished"])


def test_json_ld_and_feeds_give_the_publication_until_an_update(client, article):
    (data,) = json_ld(page(client, url_in(article, "en")))
    assert data["dateModified"] == data["datePublished"]

    article.headline_en = "A corrected headline"
    article.save()
    article.refresh_from_db()

    feed = feedparser.parse(page(client, "/en/news/atom/"))
    entry = feed.entries[0]
    assert entry.title == "A corrected headline"
    assert entry.updated_parsed != entry.published_parsed
    assert entry.updated.startswith(article.updated_at.strftime("%Y-%m-%dT%H:%M"))
