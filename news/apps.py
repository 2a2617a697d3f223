from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from core.effects import records_changed
        from core.registry import Content, register, register_publications
        from news import indexnow, updates
        from news.models import (
            TRANSLATION_PREFETCH,
            Article,
            ArticleAuthor,
            ArticleOrganisation,
            Author,
            BodyItem,
            Correction,
        )
        from news.news_sitemap import leaving_the_news
        from news.search import ARTICLE_EXCERPT, article_parts
        from news.taxonomy import Section, Tag
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
                # version of the article restores its text as it was.
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
                keeps_old_slugs=True,
            )
        )
        register(Content(BodyItem, translated=True, indexed_with=its_article, shown_in=its_article))
        register(Content(ArticleOrganisation, indexed_with=its_article, shown_in=its_article))
        register(Content(ArticleAuthor, indexed_with=its_article, shown_in=its_article))
        register(
            Content(Correction, translated=True, indexed_with=its_article, shown_in=its_article)
        )
        register(
            Content(
                Author,
                translated=True,
                dashboard_prefetch=("translation_records",),
                keeps_old_slugs=True,
            )
        )
        updates.connect()
        for taxon in (Section, Tag):
            register(
                Content(
                    taxon,
                    translated=True,
                    dashboard_prefetch=("translation_records",),
                    keeps_old_slugs=True,
                )
            )

        def tags_set(sender, instance, action, **kwargs):
            # An article's tags are rows of their own, written without a save of either
            # side (``article.tags.add()``, ``tag.articles.add()``): pages are renewed too.
            if action.startswith("post_"):
                records_changed([instance])

        m2m_changed.connect(tags_set, sender=Article.tags.through, dispatch_uid="news-tags-set")

        def publications(now):
            # The moments the public pages change without an edit: an article going public,
            # and one leaving the news sitemap two days later.
            left, leaving = leaving_the_news(now)
            return (
                Article.objects.published(now).values_list("published_at").order_by().union(left),
                Article.objects.scheduled(now)
                .values_list("published_at")
                .order_by()
                .union(leaving),
            )

        register_publications(publications)
        indexnow.connect()
