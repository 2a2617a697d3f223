"""Searching the portal in the reader's language.

One ranked query over the stored vectors of every kind the apps register (articles,
organisations, officials and quotes: ``core.registry``), each part of the UNION
filtered by its kind's availability rule and using its GIN index; then, for the page of
results only, the highlighted excerpts (``ts_headline``).
"""

import html
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, F, Value
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core import registry
from core.languages import SOURCE_LANGUAGE
from search.documents import CONFIGS, NAMES
from search.kinds import Searchable

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# ts_headline marks matches and the gaps between fragments with these; the text is
# escaped before they become <mark> and " … ".
_START, _STOP, _GAP = "\u0001", "\u0002", "\u0003"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A hyphen inside a word ("start-ups"; "-word" alone means "without word"), and a
# quoted phrase.
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_PHRASE = re.compile(r'"([^"]*)"')
_NON_WORD = re.compile(r"\W+")
# websearch_to_tsquery reads each "-" before a word as a NOT, skipping the spaces and
# operator characters between them, and stacks the NOTs until their word comes: past 32
# the whole query fails ("tsquery stack too small"). This is such a run; dashes inside a
# word ("start--up") are part of the word.
_NEGATIONS = re.compile(r"(?<![\w-])-(?:[ \t\n\v\f\r!&|()<]*-)+")


def kinds() -> dict[str, Searchable]:
    """What readers can find, by kind, as the apps register it."""
    return {content.search.kind: content.search for content in registry.searchable()}


@dataclass(frozen=True)
class CleanQuery:
    text: str
    shortened: bool


def clean_query(raw: str) -> CleanQuery:
    """What we search for: no control characters (PostgreSQL refuses NUL), normalised, and
    no longer than ``MAX_QUERY_LENGTH``."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", raw or "")).strip()
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    return CleanQuery(text[:MAX_QUERY_LENGTH].strip(), shortened)


def negations_cancelled(text: str) -> str:
    """``text`` with each run of NOTs written as the one NOT or none it amounts to ("--x"
    is x, "---x" is -x): the same search, never more than one NOT deep."""
    return _NEGATIONS.sub(lambda run: "-" if run[0].count("-") % 2 else " ", text)


def compounds_joined(text: str) -> str:
    """The query with its hyphenated words and quoted phrases written as one word
    ("start-ups", '"start ups"': startups), for texts that write the compound so.

    A text that writes it with a hyphen is found in every form: its vector holds the
    compound, its parts and the joined word (``search_vector``, search/migrations)."""
    text = _HYPHEN.sub("", text)
    return _PHRASE.sub(lambda phrase: '"' + "".join(phrase[1].split()) + '"', text)


def search_query(text: str, language: str, joined: str | None = None) -> SearchQuery:
    """Word forms in the page's language, and names spelled as typed, in any script; and
    the same with the query's compounds joined (``joined``, by default from ``text``)."""
    joined = compounds_joined(text) if joined is None else joined
    query = _websearch(text, language)
    return query if joined == text else query | _websearch(joined, language)


def _websearch(text: str, language: str) -> SearchQuery:
    return SearchQuery(text, config=CONFIGS[language], search_type="websearch") | SearchQuery(
        text, config=NAMES, search_type="websearch"
    )


def ranked(text: str, language: str, at=None, joined: str | None = None):
    """(kind, pk, rank) of every match, as one UNION query: each part filtered by the
    availability rule and searching its GIN-indexed vector."""
    query = search_query(text, language, joined)
    column = f"search_{language}"
    parts = [
        searchable.available(language, at or timezone.now())
        .filter(**{column: query})
        .annotate(
            result_kind=Value(kind, output_field=CharField()),
            rank=SearchRank(F(column), query),
        )
        .values_list("result_kind", "pk", "rank")
        .order_by()
        for kind, searchable in kinds().items()
    ]
    first, *rest = parts
    return first.union(*rest, all=True)


# Building and compiling that query costs more than PostgreSQL takes to run it, so it
# is compiled once per language, with and without joined compounds, with stand-ins for
# what changes, the reader's words and the time, which each search then puts in.
_TEXT = "\x00search-text\x00"  # never in a cleaned query
_JOINED = "\x00search-joined\x00"
_TIME = datetime(1, 1, 1, tzinfo=UTC)


@cache
def _compiled(language: str, with_compounds: bool) -> tuple[str, tuple]:
    joined = _JOINED if with_compounds else _TEXT
    return ranked(_TEXT, language, at=_TIME, joined=joined).query.sql_with_params()


class QueryRefused(Exception):
    """PostgreSQL would not search for the reader's words."""


# What PostgreSQL may say of a query it cannot make of the reader's words: a data
# exception (class 22), a limit (54), or the tsquery parser's internal error (XX000,
# "tsquery stack too small"). Anything else (a lost connection, our own SQL) stays an
# error.
_REFUSED_CLASSES = ("22", "54")
_REFUSED_STATES = ("XX000",)


@contextmanager
def guarded_search() -> Iterator[None]:
    """Run the search's queries in a savepoint, so that a query PostgreSQL refuses leaves
    the connection usable, and raise ``QueryRefused`` for it."""
    try:
        with transaction.atomic():
            yield
    except DatabaseError as error:
        state = getattr(error.__cause__, "sqlstate", None) or ""
        if state[:2] not in _REFUSED_CLASSES and state not in _REFUSED_STATES:
            raise
        # negations_cancelled and clean_query should leave nothing PostgreSQL refuses.
        logger.warning("PostgreSQL refused a search (%s): %s", state, error)
        raise QueryRefused from error


@dataclass(frozen=True)
class Hits:
    rows: list[tuple[str, int, float]]
    total: int


def find_sql(text: str, language: str, *, offset: int, limit: int) -> tuple[str, list]:
    """The SQL of ``find``: a page of the ranked UNION, with the total on every row."""
    text = negations_cancelled(text)
    joined = compounds_joined(text)
    sql, params = _compiled(language, joined != text)
    now = timezone.now()
    filled = [
        text if param == _TEXT else joined if param == _JOINED else now if param == _TIME else param
        for param in params
    ]
    return (
        "SELECT hits.result_kind, hits.pk, hits.rank, count(*) OVER () "
        f"FROM ({sql}) AS hits "  # compiled by Django above
        "ORDER BY hits.rank DESC, hits.result_kind, hits.pk LIMIT %s OFFSET %s",
        [*filled, limit, offset],
    )


def find(text: str, language: str, *, offset: int, limit: int) -> Hits:
    """One page of matches, best first, and how many there are in all: one query (two
    for a page past the end)."""
    sql, params = find_sql(text, language, offset=offset, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
        if found or not offset:
            return Hits([row[:3] for row in found], found[0][3] if found else 0)
        cursor.execute(*find_sql(text, language, offset=0, limit=1))
        first = cursor.fetchone()
        return Hits([], first[3] if first else 0)


@dataclass(frozen=True)
class Result:
    kind: str
    label: str
    title: str
    url: str
    excerpt: SafeString
    # The headline of the article a quote is from.
    source: str = ""


def _marked(text: str) -> str:
    # Escaped first (as django.utils.html.escape does, without its lazy wrapper, which
    # cost more than the escaping); only our own <mark> is added.
    return html.escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")


def _plain_words(text: str) -> str:
    return " ".join(_NON_WORD.split(text.replace(_START, "").replace(_STOP, ""))).strip()


def excerpt(headline: str | None, head: str, tail: str) -> SafeString:
    """``ts_headline``'s fragments, escaped and marked, with "…" where the text goes on
    before or after them. ``head`` and ``tail`` are the text's first and last characters:
    the fragments leave out punctuation at their edges, so words are compared."""
    if not headline:
        return mark_safe("")
    fragments = headline.split(_GAP)
    first, last = _plain_words(fragments[0]), _plain_words(fragments[-1])
    head, tail = _plain_words(head), _plain_words(tail)
    starts = head.startswith(first) or first.startswith(head)
    ends = tail.endswith(last) or last.endswith(tail)
    return mark_safe(
        ("" if starts else "…")
        + " … ".join(_marked(fragment) for fragment in fragments)
        + ("" if ends else "…")
    )


# The page's titles, addresses and excerpts in one query. Written in SQL because the ORM
# spends longer building four such queries than PostgreSQL spends running them. Each kind
# selects its matches (``Searchable.excerpt``); {l} is the page's language, one of
# LANGUAGES; the rest are parameters. An empty English slug falls back to the Russian one,
# as the pages' addresses do.
_EXCERPTS = """
WITH query AS (
    SELECT websearch_to_tsquery(%(config)s::regconfig, %(text)s)
        || websearch_to_tsquery('simple', %(text)s)
        || websearch_to_tsquery(%(config)s::regconfig, %(joined)s)
        || websearch_to_tsquery('simple', %(joined)s) AS tsquery
), found (kind, id, title, slug, slug_ru, anchor, source, document) AS (
{found}
)
SELECT found.kind, found.id, found.title, COALESCE(NULLIF(found.slug, ''), found.slug_ru),
    found.anchor, found.source,
    ts_headline(%(config)s::regconfig, found.document,
        search_headline_query(%(config)s::regconfig, found.document, query.tsquery),
        CASE WHEN length(found.document) <= %(whole)s THEN %(whole_options)s ELSE %(options)s END),
    left(found.document, %(edge)s), right(found.document, %(edge)s)
FROM found, query
"""
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxFragments=2, MaxWords=30, MinWords=12, "
    f"FragmentDelimiter={_GAP}"
)
# A text this short (a quote, a position) is shown whole: fragments of it would leave out
# its first and last short words and its quotation marks.
_WHOLE_TEXT_UP_TO = 250
_WHOLE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true"
# Enough of the text's start and end to tell whether an excerpt reaches them.
_EDGE = 80


def _excerpts_sql(language: str, searchables: dict[str, Searchable]) -> str:
    found = "\n    UNION ALL\n".join(searchable.excerpt for searchable in searchables.values())
    return _EXCERPTS.format(found=found.format(l=language))


def results_for_page(rows, text: str, language: str) -> list[Result]:
    """The page's matches with their titles, addresses and excerpts: one query."""
    if not rows or language not in CONFIGS:
        return []
    text = negations_cancelled(text)
    searchables = kinds()
    ids = {kind: [pk for row_kind, pk, _rank in rows if row_kind == kind] for kind in searchables}
    with connection.cursor() as cursor:
        cursor.execute(
            _excerpts_sql(language, searchables),
            {
                "config": CONFIGS[language],
                "text": text,
                "joined": compounds_joined(text),
                "options": _HEADLINE_OPTIONS,
                "whole": _WHOLE_TEXT_UP_TO,
                "whole_options": _WHOLE_OPTIONS,
                "edge": _EDGE,
                "source_language": language == SOURCE_LANGUAGE,
                **ids,
            },
        )
        found = {(kind, pk): rest for kind, pk, *rest in cursor.fetchall()}
    # Once a kind, not once a result.
    addresses = {kind: searchable.addresses(language) for kind, searchable in searchables.items()}
    labels = {kind: str(searchable.label) for kind, searchable in searchables.items()}
    results = []
    for kind, pk, _rank in rows:
        if (kind, pk) not in found:
            continue  # gone since the ranking query
        title, slug, anchor, source, headline, head, tail = found[kind, pk]
        url = addresses[kind](slug) + (f"#quote-{anchor}" if anchor else "")
        results.append(
            Result(kind, labels[kind], title, url, excerpt(headline, head, tail), source or "")
        )
    return results
