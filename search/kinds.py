"""What makes a kind of record searchable, as the app that owns it declares it with its
content (``core.registry.Content.search``)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

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

    def reindex(self, record: models.Model) -> None:
        """Rebuild ``record``'s stored vectors from its text (``search.indexing``)."""
        write_vectors(record, self.parts)
