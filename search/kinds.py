"""What makes a kind of record searchable, as the app that owns it declares it with its
content (``core.registry.Content.search``)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import override

from search.indexing import write_vectors


@dataclass(frozen=True)
class Searchable:
    """How readers find a model's records in the search."""

    kind: str  # the result's kind in the search: "article"
    label: Any  # what a result of this kind is called, lazily translated: "Article"
    parts: Callable[[models.Model, str], list]  # its text per language (see ``Part``)
    url_name: str  # the page a result links to, reversed with the slug
    available: Callable[[str, datetime], models.QuerySet]  # what a reader may find, and when
    # SQL selecting (kind, id, title, slug, slug_ru, anchor, source, document) of the
    # records whose ids are the parameter named after the kind, in the language {l};
    # ``%(source_language)s`` says whether {l} is the original
    # (``search.queries.results_for_page``).
    excerpt: str

    def addresses(self, language: str) -> Callable[[str], str]:
        """The address in ``language`` of a record of this kind, from its slug, as
        ``reverse`` makes it: reversed once a language and the slug put in, since a results
        page links to ten records and reversing each was a good part of its CPU. A slug is
        letters, digits, "-" and "_", which ``reverse`` would not quote either."""
        before, after = _around_slug(
            self.url_name, language, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
        )
        return lambda slug: f"{before}{slug}{after}"

    def reindex(self, record: models.Model) -> None:
        """Rebuild ``record``'s stored vectors from its text (``search.indexing``)."""
        write_vectors(record, self.parts)


_SLUG = "0-search-slug-0"  # a slug no address holds otherwise


@cache
def _around_slug(url_name: str, language: str, prefix: str, urlconf) -> tuple[str, str]:
    """The address of ``url_name`` before and after its slug; the arguments after the
    first are what ``reverse`` reads besides it, so that each has its own."""
    with override(language):
        address = reverse(url_name, kwargs={"slug": _SLUG}, urlconf=urlconf)
    before, _slug, after = address.partition(_SLUG)
    return before, after
