"""Keeping the stored search vectors current.

After every save of a record that a vector is made of, whatever made the save,
``core.effects`` asks its kind's ``Searchable.reindex`` (``search.kinds``) to rebuild
it (see there for what a save does, in order). The update is
one SQL statement that touches only the vectors: not the records' versions, nor their
modification times.
"""

from django.db import connection

from core import registry
from search.documents import LANGUAGES, vector_sql


def write_vectors(obj, parts) -> None:
    """Store ``obj``'s vectors, made of ``parts(obj, language)`` in each language."""
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
            write_vectors(obj, content.search.parts)
