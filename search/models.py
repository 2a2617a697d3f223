from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchableModel(models.Model):
    """A record readers can find: its stored search vector in each language, kept
    current by ``search.indexing`` and GIN-indexed (see ``search_indexes``)."""

    search_ru = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


def search_indexes(name: str) -> list[GinIndex]:
    """The GIN indexes a ``SearchableModel`` lists in its ``Meta.indexes``.

    Without GIN's pending list (``fastupdate``): a newsroom writes a few records an hour
    and searches all day, and with the list on, every search scanned the records written
    since the last vacuum one by one; PostgreSQL then read the whole table instead
    (3 ms against 0.2 ms over 1 000 articles). Each save now updates the index itself."""
    return [
        GinIndex(fields=[f"search_{language}"], name=f"{name}_search_{language}", fastupdate=False)
        for language in ("ru", "en")
    ]
