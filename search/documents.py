"""What each kind of record says to the search, per language, and with what weight.

A: headlines and names; B: leads, positions, descriptions; C: body text and quotes;
D: the names of related people and organisations. Names also go in in every script
(Сергунина and Sergunina), with PostgreSQL's ``simple`` configuration, so that a reader
finds a person whichever alphabet they type in.
"""

from dataclasses import dataclass

from django.conf import settings

from news.models import Article, reads_in
from partners.models import Official, Organisation, Quote

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# PostgreSQL text-search configuration of each language: word forms for each.
CONFIGS = {"ru": "russian", "en": "english"}
NAMES = "simple"


@dataclass(frozen=True)
class Part:
    text: str
    weight: str
    config: str


def _text(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}", "") or ""


def _names(obj, *fields: str) -> list[Part]:
    """Every spelling of a name: each language's and the native one."""
    texts = [_text(obj, field, language) for field in fields for language in LANGUAGES]
    texts.append(getattr(obj, "native_name", ""))
    return [Part(text, "D", NAMES) for text in texts if text]


def article_parts(article: Article, language: str) -> list[Part]:
    config = CONFIGS[language]
    parts = [
        Part(_text(article, "headline", language), "A", config),
        Part(_text(article, "lead", language), "B", config),
    ]
    # The body as the page shows it in that language (``Article.body_in``).
    body = article.body.select_related("quote__official__organisation").order_by("position")
    for item in (item for item in body if reads_in(item, language)):
        source = item.quote if item.quote_id else item
        parts.append(Part(_text(source, "text", language), "C", config))
        if item.quote_id:
            parts += _names(item.quote.official, "full_name")
    for organisation in article.organisations.all():
        parts += _names(organisation, "name", "short_name")
    return parts


def organisation_parts(organisation: Organisation, language: str) -> list[Part]:
    config = CONFIGS[language]
    return [
        Part(_text(organisation, "name", language), "A", config),
        Part(_text(organisation, "short_name", language), "A", config),
        Part(_text(organisation, "description", language), "B", config),
        *_names(organisation, "name", "short_name"),
    ]


def official_parts(official: Official, language: str) -> list[Part]:
    config = CONFIGS[language]
    return [
        Part(_text(official, "full_name", language), "A", config),
        Part(_text(official, "position", language), "B", config),
        *_names(official, "full_name"),
        *_names(official.organisation, "name", "short_name"),
    ]


def quote_parts(quote: Quote, language: str) -> list[Part]:
    return [
        Part(_text(quote, "text", language), "C", CONFIGS[language]),
        *_names(quote.official, "full_name"),
    ]


PARTS = {
    Article: article_parts,
    Organisation: organisation_parts,
    Official: official_parts,
    Quote: quote_parts,
}


def vector_sql(parts: list[Part]) -> tuple[str, list]:
    """A ``tsvector`` SQL expression of the parts, and its parameters: one
    ``search_vector`` per configuration and weight (``to_tsvector``, with each hyphenated
    compound also as one word: see search/migrations/0001)."""
    texts: dict[tuple[str, str], list[str]] = {}
    for part in parts:
        if part.text:
            texts.setdefault((part.config, part.weight), []).append(part.text)
    if not texts:
        return "''::tsvector", []
    pieces, params = [], []
    for (config, weight), group in sorted(texts.items()):
        pieces.append("setweight(search_vector(%s::regconfig, %s), %s)")
        params += [config, "\n".join(group), weight]
    return " || ".join(pieces), params
