"""What an article says to the search (``search.documents``)."""

from core.rich_text import plain_text, plain_text_sql
from news.models import Article, BodyItem, reads_in
from partners.models import QUOTE_ATTRIBUTION
from search.documents import CONFIGS, Part, names, text_in


def article_parts(article: Article, language: str) -> list[Part]:
    config = CONFIGS[language]
    parts = [
        Part(text_in(article, "headline", language), "A", config),
        Part(text_in(article, "lead", language), "B", config),
    ]
    # The body as the page shows it in that language (``Article.body_in``).
    body = article.body.select_related("quote__official__organisation", "image")
    body = body.order_by("position")
    for item in (item for item in body if reads_in(item, language)):
        if item.is_quote:
            parts.append(Part(text_in(item.quote, "text", language), "C", config))
            parts += names(item.quote.official, "full_name")
        elif item.kind == BodyItem.Kind.SUBHEADING:
            parts.append(Part(text_in(item, "heading", language), "B", config))
        elif item.kind == BodyItem.Kind.PARAGRAPH:  # the words of a paragraph, not its markup
            parts.append(Part(plain_text(text_in(item, "text", language)), "C", config))
    for organisation in article.organisations.all():
        parts += names(organisation, "name", "short_name")
    return parts


# partners.models.QUOTE_ATTRIBUTION as SQL, over the quote's official (qp) and their
# organisation (qo): the quotes an article's page shows.
_ALIASES = {"official": "qp", "official.organisation": "qo"}
_ATTRIBUTED = " AND ".join(
    f"{_ALIASES[path.rpartition('.')[0]]}.{path.rpartition('.')[2]}_{{l}} > ''"
    for path in QUOTE_ATTRIBUTION
)

_PARAGRAPH = plain_text_sql("b.text_{l}")

# An article's title, address and text for the search's excerpts (``search.queries``):
# its lead and the body as its page shows it.
ARTICLE_EXCERPT = f"""
    SELECT 'article', a.id, a.headline_{{l}}, a.slug_{{l}}, a.slug_ru,
        NULL::bigint, NULL::text, concat_ws(' ', a.lead_{{l}}, (
            SELECT string_agg(
                COALESCE(q.text_{{l}}, NULLIF(b.heading_{{l}}, ''), {_PARAGRAPH}), ' '
                ORDER BY b.position
            )
            FROM news_bodyitem b LEFT JOIN partners_quote q ON q.id = b.quote_id
                LEFT JOIN partners_official qp ON qp.id = q.official_id
                LEFT JOIN partners_organisation qo ON qo.id = qp.organisation_id
            WHERE b.article_id = a.id AND b.kind <> 'image'
                AND (q.id IS NULL OR %(source_language)s OR ({_ATTRIBUTED}))
        ))
    FROM news_article a WHERE a.id = ANY(%(article)s)
"""
