"""What each kind of record says to the search, per language, and with what weight.

A: headlines and names; B: leads, positions, descriptions; C: body text and quotes;
D: the names of related people and organisations. Each app says what its records say
(``news/search.py``, ``partners/search.py``) and registers it (``core.registry``).
Names also go in in every script
(Сергунина and Sergunina), with PostgreSQL's ``simple`` configuration, so that a reader
finds a person whichever alphabet they type in.
"""

from dataclasses import dataclass

from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# PostgreSQL text-search configuration of each language: word forms for each.
CONFIGS = {"ru": "russian", "en": "english"}
NAMES = "simple"


@dataclass(frozen=True)
class Part:
    text: str
    weight: str
    config: str


def text_in(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}", "") or ""


def names(obj, *fields: str) -> list[Part]:
    """Every spelling of a name: each language's and the native one."""
    texts = [text_in(obj, field, language) for field in fields for language in LANGUAGES]
    texts.append(getattr(obj, "native_name", ""))
    return [Part(text, "D", NAMES) for text in texts if text]


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
