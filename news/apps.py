from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from core.registry import Content, register, register_publications
        from news import updates
        from news.models import (
            TRANSLATION_PREFETCH,
            Article,
            ArticleAuthor,
            ArticleOrganisation,
            Author,
            BodyItem,
            Correction,
        )
        from news.search import ARTICLE_EXCERPT, article_parts
        from search.kinds import Searchable

        def its_article(part):
            # By its key, not through the relation: after a delete, the article is still
            # there to reindex (or gone with it, and then found no more).
            return Article.objects.filter(pk=part.article_id)

        register(
            Content(
                Article,
                translated=True,
                # The body and the quotes are part of an article's history: restoring a
                # version of the article restores its text as it was; so are its byline
                # and its corrections.
                history=("body", "quotes", "articleorganisation_set", "bylines", "corrections"),
                search=Searchable(
                    "article",
                    _("Article"),
                    article_parts,
                    "news:detail",
                    Article.objects.available_in,
                    ARTICLE_EXCERPT,
                ),
                dashboard_prefetch=TRANSLATION_PREFETCH,
            )
        )
        register(Content(BodyItem, translated=True, indexed_with=its_article, shown_in=its_article))
        register(Content(ArticleOrganisation, indexed_with=its_article, shown_in=its_article))
        register(Content(ArticleAuthor, indexed_with=its_article, shown_in=its_article))
        register(
            Content(Correction, translated=True, indexed_with=its_article, shown_in=its_article)
        )
        register(Content(Author, translated=True, dashboard_prefetch=("translation_records",)))
        updates.connect()
        register_publications(
            lambda now: (
                Article.objects.published(now).values_list("published_at").order_by(),
                Article.objects.scheduled(now).values_list("published_at").order_by(),
            )
        )
