"""What a write does to the cached pages and the search, whichever way it is written: a
save, or a write that sends no signal (``update()``, ``bulk_update()``, ``bulk_create()``,
a relation set). Each test reads the page first, so that a stale cached copy would show."""

import uuid

import pytest

from core.models import ContentVersion
from news.models import Article, BodyItem
from partners.models import Official, Organisation
from search.queries import find
from tests.factories import ArticleFactory, OrganisationFactory, ParagraphFactory, QuoteFactory
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db


def found(text: str, language: str = "en") -> set[tuple[str, int]]:
    return {(kind, pk) for kind, pk, _rank in find(text, language, offset=0, limit=50).rows}


def stamp() -> str:
    return str(ContentVersion.objects.get(pk=1).stamp)


@pytest.fixture
def article():
    article = ArticleFactory(slug_en="greenhouse")
    ParagraphFactory(article=article, position=1, text_en="The first paragraph.")
    ParagraphFactory(article=article, position=2, text_en="The second paragraph.")
    return article


def test_an_update_of_the_headline_shows_on_the_cached_page_and_in_the_search(client, article):
    assert "Hydroponics" not in page(client, "/en/news/greenhouse/")

    Article.objects.filter(pk=article.pk).update(headline_en="Hydroponics arrive in Moscow")

    assert "Hydroponics arrive in Moscow" in page(client, "/en/news/greenhouse/")
    assert ("article", article.pk) in found("hydroponics")


def test_a_bulk_update_of_the_body_shows_and_is_found(client, article):
    page(client, "/en/news/greenhouse/")
    first, second = article.body.order_by("position")
    first.text_en, second.text_en = "Aquaponics in winter.", "Vertical farms."

    BodyItem.objects.bulk_update([first, second], ["text_en"])

    html = page(client, "/en/news/greenhouse/")
    assert "Aquaponics in winter." in html
    assert "Vertical farms." in html
    assert ("article", article.pk) in found("aquaponics")


def test_a_renumbered_body_reads_in_its_new_order(client, article):
    html = page(client, "/en/news/greenhouse/")
    assert html.index("The first paragraph.") < html.index("The second paragraph.")
    first, second = article.body.order_by("position")
    first.position, second.position = 2, 1

    BodyItem.objects.bulk_update([first, second], ["position"])

    html = page(client, "/en/news/greenhouse/")
    assert html.index("The second paragraph.") < html.index("The first paragraph.")


def test_paragraphs_created_in_bulk_show_and_are_found(client, article):
    page(client, "/en/news/greenhouse/")

    BodyItem.objects.bulk_create(
        [BodyItem(article=article, position=3, text_ru="Третий абзац.", text_en="Mushrooms.")]
    )

    assert "Mushrooms." in page(client, "/en/news/greenhouse/")
    assert ("article", article.pk) in found("mushrooms")


def test_an_official_renamed_by_an_update_is_found_in_their_quotes_and_articles(client):
    quote = QuoteFactory(article__slug_en="greenhouse")
    BodyItem.objects.create(article=quote.article, position=1, kind="quote", quote=quote)
    page(client, "/en/news/greenhouse/")

    Official.objects.filter(pk=quote.official_id).update(full_name_en="Zebediah Quill")

    assert "Zebediah Quill" in page(client, "/en/news/greenhouse/")
    assert {
        ("official", quote.official_id),
        ("quote", quote.pk),
        ("article", quote.article_id),
    } <= found("Zebediah")


def test_an_organisation_added_to_an_article_is_found_with_it(client, article):
    organisation = OrganisationFactory(name_en="Agrotech Cluster")
    assert ("article", article.pk) not in found("Agrotech")

    article.organisations.add(organisation)

    assert ("article", article.pk) in found("Agrotech")
    assert "Agrotech Cluster" in page(client, "/en/news/greenhouse/")


def test_an_organisation_removed_from_the_other_side_leaves_the_article(article):
    organisation = OrganisationFactory(name_en="Agrotech Cluster")
    article.organisations.add(organisation)

    organisation.articles.remove(article)

    assert ("article", article.pk) not in found("Agrotech")


def test_body_deleted_through_a_queryset_goes_from_the_page_and_the_search(client, article):
    page(client, "/en/news/greenhouse/")

    BodyItem.objects.filter(article=article, position=2).delete()

    assert "The second paragraph." not in page(client, "/en/news/greenhouse/")
    assert ("article", article.pk) not in found("second")


def test_an_organisation_named_in_english_by_an_update_joins_the_english_list(client):
    organisation = OrganisationFactory(name_en="")
    assert url_in(organisation, "en") not in page(client, "/en/partners/")

    Organisation.objects.filter(pk=organisation.pk).update(name_en="Agrotech Cluster")

    assert url_in(organisation, "en") in page(client, "/en/partners/")


def test_renewing_the_versions_alone_leaves_the_cached_pages_alone(article):
    before = stamp()

    Article.objects.filter(pk=article.pk).update(version=uuid.uuid4())

    assert stamp() == before


def test_an_update_that_matches_nothing_changes_nothing(article):
    before = stamp()

    Article.objects.filter(pk=-1).update(headline_en="Nothing")

    assert stamp() == before


def version_of(article) -> uuid.UUID:
    return Article.objects.values_list("version", flat=True).get(pk=article.pk)


def test_a_part_changed_outside_its_article_form_renews_the_article_version(article):
    """A form of the article opened before must merge with the change, whoever wrote it
    (the quote's own admin, an XLIFF import, a script) and however (a save, an update)."""
    quote = QuoteFactory(article=article)
    opened = version_of(article)

    quote.text_en = "“A new translation”"
    quote.save()
    after_save = version_of(article)
    BodyItem.objects.filter(article=article).update(text_en="Renumbered elsewhere.")
    after_update = version_of(article)

    assert len({opened, after_save, after_update}) == 3
