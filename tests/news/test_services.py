"""The writes of news.services called directly, as a script or a command would."""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from news import services
from news.models import Article, BodyItem
from partners.models import Quote
from tests.factories import ArticleFactory, OfficialFactory, ParagraphFactory, PlacedQuoteFactory
from translations.services import unique_english_slug

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_without_a_date_publishes_it_now_in_the_history(editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    services.publish_article(article=draft, by=editor)

    draft.refresh_from_db()
    assert draft.publication_state == Article.PublicationState.PUBLISHED
    assert timezone.now() - draft.published_at < timedelta(minutes=1)
    assert draft.modified_by == editor
    assert Version.objects.get_for_object(draft).get().revision.user == editor


def test_publishing_with_a_future_date_schedules_and_a_public_article_keeps_its_date(editor):
    later = timezone.now() + timedelta(days=2)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    services.publish_article(article=article, by=editor, at=later)
    assert article.publication_state == Article.PublicationState.SCHEDULED

    public = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    assert services.publication_date(article=public) == public.published_at


def test_unpublishing_returns_to_draft_in_the_history(editor):
    article = ArticleFactory()

    services.unpublish_article(article=article, by=editor)

    article.refresh_from_db()
    assert article.publication_state == Article.PublicationState.DRAFT
    assert Version.objects.get_for_object(article).get().revision.user == editor


def test_a_body_item_becomes_a_quote_and_a_paragraph_again(editor):
    item = ParagraphFactory()
    official = OfficialFactory()

    services.save_body_item(
        item=item, quote=services.QuoteText(official, "«Цитата»", "“A quote”"), by=editor
    )
    quote = Quote.objects.get(placement=item)
    assert (quote.official, quote.text_en, quote.modified_by) == (official, "“A quote”", editor)
    assert (item.text_ru, item.text_en) == ("", "")

    item.kind, item.text_ru = "paragraph", "Снова абзац."
    services.save_body_item(item=item, quote=None, by=editor)
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert BodyItem.objects.get(pk=item.pk).text_ru == "Снова абзац."


def test_a_placed_quote_is_updated_in_place(editor):
    item = PlacedQuoteFactory()
    quote_pk = item.quote_id

    services.save_body_item(
        item=item, quote=services.QuoteText(item.quote.official, "«Новая»", ""), by=editor
    )

    assert Quote.objects.get(pk=quote_pk).text_ru == "«Новая»"


def test_an_english_slug_is_unique_among_english_slugs():
    ArticleFactory(slug_en="moscow-news")
    article = ArticleFactory(slug_en="")

    assert unique_english_slug(article, "Moscow news") == "moscow-news-2"
    assert unique_english_slug(article, "") == f"article-{article.pk}"
