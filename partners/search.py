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


# Titles, addresses and texts for the search's excerpts (``search.queries``). A quote is
# titled by who said it (in Russian while their English name is missing, as on the
# pages) and links to its place in its article.
ORGANISATION_EXCERPT = """
    SELECT 'organisation', o.id, o.name_{l}, o.slug_{l}, o.slug_ru,
        NULL::bigint, NULL::text, concat_ws(' ', o.short_name_{l}, o.description_{l})
    FROM partners_organisation o WHERE o.id = ANY(%(organisation)s)
"""
OFFICIAL_EXCERPT = """
    SELECT 'official', p.id, p.full_name_{l}, p.slug_{l}, p.slug_ru,
        NULL::bigint, NULL::text, p.position_{l}
    FROM partners_official p WHERE p.id = ANY(%(official)s)
"""
QUOTE_EXCERPT = f"""
    SELECT 'quote', q.id, COALESCE(NULLIF(p.full_name_{{l}}, ''), p.full_name_ru),
        a.slug_{{l}}, a.slug_ru, q.id, a.headline_{{l}}, q.text_{{l}}
    FROM partners_quote q
        JOIN partners_official p ON p.id = q.official_id
        JOIN {Quote._meta.get_field("article").related_model._meta.db_table} a
            ON a.id = q.article_id
    WHERE q.id = ANY(%(quote)s)
"""
