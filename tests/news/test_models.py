"""The rules the database keeps: unique slugs, protected partners, quotes in their own text."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from news.models import Article, BodyItem
from partners.models import Official, Organisation, Quote
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def check_deferred_constraints():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_slug_is_unique_within_its_language(language):
    ArticleFactory(**{f"slug_{language}": "same-slug"})

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(**{f"slug_{language}": "same-slug"})


def test_the_same_slug_may_serve_both_languages_and_many_articles_may_lack_an_english_one():
    ArticleFactory(slug_ru="innobiz", slug_en="innobiz")
    ArticleFactory(slug_en="")
    ArticleFactory(slug_en="")

    assert Article.objects.count() == 3


def test_an_article_needs_its_russian_headline():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(headline_ru="")


def test_deleting_a_quoted_official_is_refused_and_nothing_is_lost():
    placed = PlacedQuoteFactory()
    official = placed.quote.official

    with pytest.raises(ProtectedError):
        official.delete()

    assert Official.objects.filter(pk=official.pk).exists()
    assert Quote.objects.filter(pk=placed.quote.pk).exists()
    assert BodyItem.objects.filter(pk=placed.pk).exists()


def test_deleting_an_organisation_in_use_is_refused():
    official = OfficialFactory()
    article = ArticleFactory()
    article.organisations.add(official.organisation)

    with pytest.raises(ProtectedError):
        official.organisation.delete()
    official.delete()
    with pytest.raises(ProtectedError):
        official.organisation.delete()

    assert Organisation.objects.filter(pk=official.organisation.pk).exists()


def test_deleting_a_placed_quote_is_refused():
    placed = PlacedQuoteFactory()

    with pytest.raises(RestrictedError):
        placed.quote.delete()

    assert Quote.objects.filter(pk=placed.quote.pk).exists()


def test_deleting_an_article_takes_its_body_and_quotes_but_not_its_partners():
    placed = PlacedQuoteFactory()
    official = placed.quote.official

    placed.article.delete()

    assert not Quote.objects.exists()
    assert not BodyItem.objects.exists()
    assert Official.objects.filter(pk=official.pk).exists()


def test_a_quote_cannot_be_placed_in_another_article():
    quote = QuoteFactory()
    other_article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BodyItem.objects.create(article=other_article, position=1, kind="quote", quote=quote)
        check_deferred_constraints()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "quote", "text_ru": "И текст"},
        {"kind": "paragraph", "text_ru": ""},
        {"kind": "paragraph", "text_ru": "Абзац", "heading_ru": "И подзаголовок"},
        {"kind": "subheading", "heading_ru": ""},
        {"kind": "subheading", "heading_ru": "Подзаголовок", "text_en": "<p>Text</p>"},
        {"kind": "image"},
        {"kind": "image", "heading_ru": "Подзаголовок"},
    ],
    ids=[
        "quote-with-text",
        "empty-paragraph",
        "paragraph-with-heading",
        "empty-subheading",
        "subheading-with-text",
        "image-without-image",
        "image-with-heading",
    ],
)
def test_a_body_block_holds_the_fields_of_its_kind_and_no_others(fields):
    quote = QuoteFactory()
    if fields["kind"] == "quote":
        fields["quote"] = quote

    with pytest.raises(IntegrityError), transaction.atomic():
        BodyItem.objects.create(article=quote.article, position=1, **fields)


def test_body_positions_are_unique_but_can_be_swapped_in_one_transaction():
    first = ParagraphFactory(position=1)
    second = ParagraphFactory(article=first.article, position=2)

    with transaction.atomic():
        BodyItem.objects.filter(pk=first.pk).update(position=2)
        BodyItem.objects.filter(pk=second.pk).update(position=1)
        check_deferred_constraints()

    assert list(first.article.body.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphFactory(article=first.article, position=1)
        check_deferred_constraints()


NOW = timezone.now()


@pytest.mark.parametrize(
    ("status", "published_at", "english_ready", "in_ru", "in_en"),
    [
        (Article.Status.PUBLISHED, NOW - timedelta(minutes=1), True, True, True),
        (Article.Status.PUBLISHED, NOW - timedelta(minutes=1), False, True, False),
        (Article.Status.PUBLISHED, NOW + timedelta(days=1), True, False, False),
        (Article.Status.DRAFT, NOW - timedelta(minutes=1), True, False, False),
        (Article.Status.DRAFT, None, False, False, False),
    ],
    ids=["published", "untranslated", "scheduled", "draft", "draft-without-date"],
)
def test_one_availability_rule_for_a_list_and_for_an_article(
    status, published_at, english_ready, in_ru, in_en
):
    article = ArticleFactory(status=status, published_at=published_at, english_ready=english_ready)

    for language, expected in (("ru", in_ru), ("en", in_en)):
        assert article.is_available_in(language) is expected
        assert Article.objects.available_in(language).filter(pk=article.pk).exists() is expected


def test_a_published_article_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_an_article_with_its_partners_loads_in_a_fixed_number_of_queries(django_assert_num_queries):
    article = ArticleFactory()
    for position in range(1, 31):
        PlacedQuoteFactory(article=article, position=position)
    article.organisations.add(*Organisation.objects.all())

    with django_assert_num_queries(3):
        loaded = Article.objects.with_partners().get(pk=article.pk)
        captions = [
            (item.quote.official.full_name, item.quote.official.organisation.name)
            for item in loaded.body.all()
        ]
        names = [organisation.name for organisation in loaded.organisations.all()]

    assert len(captions) == 30
    assert len(names) == 30
