"""Writes that touch several rows: each is one transaction."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.languages import SOURCE_LANGUAGE
from core.rich_text import from_plain_text
from news.models import Article, ArticleAuthor, ArticleOrganisation, Author, BodyItem
from news.taxonomy import Section, Tag
from partners.models import Official, Organisation, Quote
from translations.provenance import translated_by

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)

    def note(self, obj, created: bool) -> None:
        (self.created if created else self.present).append(f"{obj._meta.verbose_name}: {obj}")


def _translated(name: str, values: dict[str, str]) -> dict[str, str]:
    """``{"ru": "…", "en": "…"}`` as modeltranslation's fields: ``name_ru``, ``name_en``."""
    return {f"{name}_{language}": value for language, value in values.items()}


@transaction.atomic
def load_content(data: dict, *, report: LoadReport | None = None) -> LoadReport:
    """Create the organisations, officials, sections, tags, authors and articles of ``data``
    that are not there yet.

    Records are matched by their Russian slug; one that exists is left exactly as editors
    have left it, so loading twice changes nothing. A new article is published now: the
    content carries no date of its own.
    """
    report = report or LoadReport()
    # The shipped English renders the shipped Russian; nobody in particular wrote it.
    with translation.override(SOURCE_LANGUAGE), translated_by(None):
        organisations = {}
        for entry in data.get("organisations", []):
            parent = organisations[entry["parent"]] if entry["parent"] else None
            organisation, created = Organisation.objects.get_or_create(
                slug_ru=entry["slug"]["ru"],
                defaults={
                    **_translated("slug", entry["slug"]),
                    **_translated("name", entry["name"]),
                    **_translated("short_name", entry["short_name"]),
                    **_translated("description", entry["description"]),
                    "native_name": entry["native_name"],
                    "native_language": entry.get("native_language", ""),
                    "kind": entry["kind"],
                    "country": entry["country"],
                    "parent": parent,
                    "website": entry["website"],
                },
            )
            organisations[entry["slug"]["ru"]] = organisation
            report.note(organisation, created)

        officials = {}
        for entry in data.get("officials", []):
            official, created = Official.objects.get_or_create(
                slug_ru=entry["slug"]["ru"],
                defaults={
                    **_translated("slug", entry["slug"]),
                    **_translated("full_name", entry["full_name"]),
                    **_translated("position", entry["position"]),
                    "native_name": entry["native_name"],
                    "native_language": entry.get("native_language", ""),
                    "organisation": organisations[entry["organisation"]],
                },
            )
            officials[entry["slug"]["ru"]] = official
            report.note(official, created)

        sections = {}
        for entry in data.get("sections", []):
            section, created = Section.objects.get_or_create(
                slug_ru=entry["slug"]["ru"],
                defaults={
                    **_translated("slug", entry["slug"]),
                    **_translated("name", entry["name"]),
                    "parent": sections[entry["parent"]] if entry.get("parent") else None,
                },
            )
            sections[entry["slug"]["ru"]] = section
            report.note(section, created)

        tags = {}
        for entry in data.get("tags", []):
            tag, created = Tag.objects.get_or_create(
                slug_ru=entry["slug"]["ru"],
                defaults={
                    **_translated("slug", entry["slug"]),
                    **_translated("name", entry["name"]),
                },
            )
            tags[entry["slug"]["ru"]] = tag
            report.note(tag, created)

        authors = {}
        for entry in data.get("authors", []):
            author, created = Author.objects.get_or_create(
                slug_ru=entry["slug"]["ru"],
                defaults={
                    **_translated("slug", entry["slug"]),
                    **_translated("name", entry["name"]),
                    **_translated("bio", entry["bio"]),
                    "kind": entry["kind"],
                },
            )
            authors[entry["slug"]["ru"]] = author
            report.note(author, created)

        for entry in data.get("articles", []):
            article = Article.objects.filter(slug_ru=entry["slug"]["ru"]).first()
            created = article is None
            if created:
                article = _create_article(entry, organisations, officials, sections, tags, authors)
            report.note(article, created)
    return report


def _create_article(
    entry: dict,
    organisations: dict,
    officials: dict,
    sections: dict,
    tags: dict,
    authors: dict,
) -> Article:
    article = Article.objects.create(
        section=sections[entry["section"]] if entry.get("section") else None,
        **_translated("slug", entry["slug"]),
        **_translated("headline", entry["headline"]),
        **_translated("lead", entry["lead"]),
        **_translated("source_name", entry["source_name"]),
        source_url=entry["source_url"],
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        english_ready=entry["english_ready"],
    )
    article.organisations.set(organisations[slug] for slug in entry["organisations"])
    article.tags.set(tags[slug] for slug in entry.get("tags", []))
    for position, slug in enumerate(entry.get("authors", []), start=1):
        ArticleAuthor.objects.create(article=article, author=authors[slug], position=position)
    for position, item in enumerate(entry["body"], start=1):
        if "quote" in item:
            quote = Quote.objects.create(
                article=article,
                official=officials[item["quote"]["official"]],
                **_translated("text", item["quote"]["text"]),
            )
            BodyItem.objects.create(
                article=article, position=position, kind=BodyItem.Kind.QUOTE, quote=quote
            )
        else:
            # Content files write a paragraph as plain text.
            paragraph = {lang: from_plain_text(text) for lang, text in item["paragraph"].items()}
            BodyItem.objects.create(
                article=article, position=position, **_translated("text", paragraph)
            )
    return article


def load_shipped_content() -> LoadReport:
    """Load every content file the portal ships in ``news/content/``."""
    report = LoadReport()
    for path in sorted(CONTENT_DIR.glob("*.json")):
        load_content(json.loads(path.read_text(encoding="utf-8")), report=report)
    return report


def publication_date(*, article: Article, at=None):
    """When ``article`` is to be public: at ``at`` when an editor gives a date; a public
    article keeps its date (publishing it again changes nothing); anything else, now."""
    if at is not None:
        return at
    if article.is_published():
        return article.published_at
    return timezone.now()  # a draft or a scheduled article goes out now


def publish_article(*, article: Article, by=None, at=None) -> Article:
    """Publish now, or at ``at`` (then the article appears on its own at that moment)."""
    published_at = publication_date(article=article, at=at)
    if article.is_published() and article.published_at == published_at:
        return article  # public already: nothing to save, nothing in the history
    article.published_at = published_at
    article.status = Article.Status.PUBLISHED
    _save_in_history(article, by=by, comment=_("Published."))
    return article


def unpublish_article(*, article: Article, by=None) -> Article:
    article.status = Article.Status.DRAFT
    _save_in_history(article, by=by, comment=_("Returned to draft."))
    return article


def _save_in_history(article: Article, *, by, comment: str) -> None:
    article.modified_by = by
    with reversion.create_revision():
        # The author before the save: what the save sets off (provenance) reads it.
        reversion.set_user(by)
        reversion.set_comment(comment)
        article.save()


@dataclass(frozen=True)
class QuoteText:
    """What an editor writes of a quote where it stands in the body."""

    official: Official
    russian: str
    english: str


@transaction.atomic
def save_body_item(*, item: BodyItem, quote: QuoteText | None, by=None) -> BodyItem:
    """Save a block of an article's body, keeping only its kind's fields; ``quote`` is what
    a quote block says, and makes the block one. The ``partners.Quote`` it places is created
    or updated with it, and deleted once the block is of another kind, as it then stands in
    no text."""
    replaced_quote = None
    if quote is not None:
        item.kind = BodyItem.Kind.QUOTE
        placed = item.quote if item.quote_id else Quote(article=item.article)
        placed.official = quote.official
        placed.text_ru, placed.text_en = quote.russian, quote.english
        placed.modified_by = by
        placed.save()
        item.quote = placed
    elif item.quote_id:
        replaced_quote = item.quote
    item.keep_only_its_kind()
    item.save()
    if replaced_quote is not None:
        replaced_quote.delete()
    return item


def list_quoted_organisations(article: Article) -> list[Organisation]:
    """Add to the organisations ``article`` concerns those of the officials it quotes, so
    that an editor never enters one twice. Returns the ones added."""
    listed = set(article.organisations.values_list("pk", flat=True))
    quoted = Organisation.objects.filter(officials__quotes__placement__article=article)
    added = [organisation for organisation in quoted.distinct() if organisation.pk not in listed]
    for organisation in added:
        # One by one, not .add(): each row is saved as a row, so that what a save sets off
        # (the article's history, its pages' freshness) follows it.
        ArticleOrganisation.objects.create(article=article, organisation=organisation)
    return added
