"""The stored vectors index each hyphenated compound also as one word.

PostgreSQL's parser splits "start-ups" into the compound and its parts (start-up, start,
up), so the parts and the hyphenated form are found, but "startup" is not.
``search_vector()`` adds the joined form of every compound the parser sees (startups,
стартап, бизнесмиссия), and ``search_headline_query()`` lets an excerpt mark the
compound that a joined word found. The vectors already stored are rebuilt.
"""

from django.db import migrations

CREATE_FUNCTIONS = """
CREATE FUNCTION search_compounds(document text) RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT parsed.token
    FROM ts_parse('default', document) AS parsed
    JOIN ts_token_type('default') AS type ON type.tokid = parsed.tokid
    WHERE type.alias IN ('asciihword', 'hword', 'numhword')
$$;

CREATE FUNCTION search_vector(config regconfig, document text) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_tsvector(config, document) || to_tsvector(config, coalesce((
        SELECT string_agg(replace(compound, '-', ''), ' ') FROM search_compounds(document) AS compound
    ), ''))
$$;

-- The query, and the document's compounds whose joined form it names: ts_headline reads
-- the document's own words, in which "startup" is not, but "start-ups" is. (A compound
-- has only letters, digits and hyphens: safe in to_tsquery.)
CREATE FUNCTION search_headline_query(config regconfig, document text, query tsquery)
RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) = 0 THEN query
        ELSE query || to_tsquery(config, string_agg(compound, ' | ')) END
    FROM search_compounds(document) AS compound
    WHERE ts_headline(config, replace(compound, '-', ''), query, 'HighlightAll=true')
        <> replace(compound, '-', '')
$$;
"""
DROP_FUNCTIONS = """
DROP FUNCTION search_headline_query(regconfig, text, tsquery);
DROP FUNCTION search_vector(regconfig, text);
DROP FUNCTION search_compounds(text);
"""


def rebuild_vectors(apps, schema_editor):
    from search.indexing import rebuild_all

    rebuild_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_search_index_without_pending_list"),
        ("partners", "0006_search_index_without_pending_list"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTIONS, DROP_FUNCTIONS),
        # Going back leaves the joined forms in the vectors: extra words that the code of
        # before never asks for.
        migrations.RunPython(rebuild_vectors, migrations.RunPython.noop),
    ]
