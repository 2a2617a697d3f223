"""The Google News sitemap: the articles published in the last two days, each in every
language it is available in, with the portal's name and the article's language, date and
headline (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.addresses import absolute_url
from core.languages import LANGUAGES
from news.models import Article, ArticleQuerySet

# How long an article stays in the news sitemap: Google News reads articles of the last
# two days from it and ignores older ones.
NEWS_WINDOW = timedelta(days=2)


def in_the_news(language: str, at: datetime | None = None) -> ArticleQuerySet:
    """The articles available in ``language`` and published within the news window."""
    at = at or timezone.now()
    return Article.objects.available_in(language, at).filter(published_at__gt=at - NEWS_WINDOW)


def leaving_the_news(at: datetime) -> tuple[ArticleQuerySet, ArticleQuerySet]:
    """When published articles leave the news sitemap: the moments already past at ``at``,
    and those still to come, as querysets of one column (see ``news.apps``: the page cache
    counts them as moments the content changes, so the sitemap never keeps an old article)."""
    leaves = ExpressionWrapper(F("published_at") + NEWS_WINDOW, DateTimeField())
    moments = Article.objects.released().annotate(leaves=leaves).values_list("leaves").order_by()
    # Filtered on the publication time itself, which the articles' index serves.
    cutoff = at - NEWS_WINDOW
    return moments.filter(published_at__lte=cutoff), moments.filter(published_at__gt=cutoff)


@dataclass(frozen=True)
class NewsEntry:
    location: str
    language: str
    publication: str
    published_at: str
    title: str


def news_entries() -> list[NewsEntry]:
    """What the news sitemap lists, newest first in each language: one query a language."""
    now = timezone.now()
    entries = []
    for language in LANGUAGES:
        with translation.override(language):
            publication = _("Moscow Innovation News")
            for article in in_the_news(language, now).order_by("-published_at"):
                entries.append(
                    NewsEntry(
                        location=absolute_url(article.get_absolute_url()),
                        language=language,
                        publication=publication,
                        # W3C's datetime, to the second, in the newsroom's time zone.
                        published_at=timezone.localtime(article.published_at)
                        .replace(microsecond=0)
                        .isoformat(),
                        title=article.headline,
                    )
                )
    return entries


@x_robots_tag
def news_sitemap(request):
    return render(
        request,
        "news/sitemap_news.xml",
        {"entries": news_entries()},
        content_type="application/xml; charset=utf-8",
    )
