"""What an article says to the search (``search.documents``)."""

from news.models import Article, reads_in
from search.documents import CONFIGS, Part, names, text_in


def article_parts(article: Article, language: str) -> list[Part]:
    config = CONFIGS[language]
    parts = [
        Part(text_in(article, "headline", language), "A", config),
        Part(text_in(article, "lead", language), "B", config),
    ]
    # The body as the page shows it in that language (``Article.body_in``).
    body = article.body.select_related("quote__official__organisation").order_by("position")
    for item in (item for item in body if reads_in(item, language)):
        source = item.quote if item.quote_id else item
        parts.append(Part(text_in(source, "text", language), "C", config))
        if item.quote_id:
            parts += names(item.quote.official, "full_name")
    for organisation in article.organisations.all():
        parts += names(organisation, "name", "short_name")
    return parts
