"""Keeping the stored search vectors current.

``portal.effects`` calls ``reindex`` after every save of a record that a vector is made
of, whatever made the save (see there for what a save does, in order). The update is
one SQL statement that touches only the vectors: not the records' versions, nor their
modification times.
"""

from django.db import connection

from portal import registry
from search.documents import LANGUAGES, vector_sql


def reindex(obj) -> None:
    """Rebuild ``obj``'s stored vectors from its text and its relations' names."""
    _write_vectors(obj, registry.entry_for(type(obj)).search.parts)


def _write_vectors(obj, parts) -> None:
    assignments, params = [], []
    for language in LANGUAGES:
        sql, language_params = vector_sql(parts(obj, language))
        assignments.append(f"{connection.ops.quote_name(f'search_{language}')} = {sql}")
        params += language_params
    table = connection.ops.quote_name(obj._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} WHERE id = %s", [*params, obj.pk]
        )


def rebuild_all(apps) -> None:
    """Every stored vector again, for a migration that changes how they are made.

    ``apps`` is the migration's, so that the rows are read with the columns the tables
    have at that point of the migrations, not with today's models."""
    for content in registry.searchable():
        for obj in apps.get_model(content.model._meta.label).objects.iterator():
            _write_vectors(obj, content.search.parts)
