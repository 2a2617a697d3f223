"""What organisations, officials and quotes say to the search (``search.documents``)."""

from partners.models import Official, Organisation, Quote
from search.documents import CONFIGS, Part, names, text_in


def organisation_parts(organisation: Organisation, language: str) -> list[Part]:
    config = CONFIGS[language]
    return [
        Part(text_in(organisation, "name", language), "A", config),
        Part(text_in(organisation, "short_name", language), "A", config),
        Part(text_in(organisation, "description", language), "B", config),
        *names(organisation, "name", "short_name"),
    ]


def official_parts(official: Official, language: str) -> list[Part]:
    config = CONFIGS[language]
    return [
        Part(text_in(official, "full_name", language), "A", config),
        Part(text_in(official, "position", language), "B", config),
        *names(official, "full_name"),
        *names(official.organisation, "name", "short_name"),
    ]


def quote_parts(quote: Quote, language: str) -> list[Part]:
    return [
        Part(text_in(quote, "text", language), "C", CONFIGS[language]),
        *names(quote.official, "full_name"),
    ]
