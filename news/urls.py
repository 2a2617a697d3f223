from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from core.caching import cached_page
from news import feeds, views
from news.models import Author
from news.taxonomy import Section, Tag


class YearConverter:
    """Four digits, from 1000: a date Python and PostgreSQL both hold (year 0 is none)."""

    regex = "[1-9][0-9]{3}"
    to_python = int

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class MonthConverter(YearConverter):
    """01 to 12: any other month is no page (a 404), not a failed date."""

    regex = "0[1-9]|1[0-2]"

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    # Before the articles' pattern, which would take "rss" and "atom" for slugs.
    path(_("news/rss/"), cached_page(feeds.LatestNewsFeed()), name="rss"),
    path(_("news/atom/"), cached_page(feeds.LatestNewsAtomFeed()), name="atom"),
    path(_("authors/<slug:slug>/"), views.AuthorView.as_view(), name="author"),
    path(_("authors/<slug:slug>/rss/"), cached_page(feeds.RecordFeed(Author)), name="author_rss"),
    path(
        _("authors/<slug:slug>/atom/"),
        cached_page(feeds.RecordAtomFeed(Author)),
        name="author_atom",
    ),
    path(_("news/preview/<int:pk>/"), views.ArticlePreviewView.as_view(), name="preview"),
    # Before the articles' pattern too: a year is no article's slug.
    path(_("news/<year:year>/"), views.ArchiveView.as_view(), name="archive_year"),
    path(_("news/<year:year>/<month:month>/"), views.ArchiveView.as_view(), name="archive_month"),
    path(_("news/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
    path(_("sections/<slug:slug>/"), views.SectionView.as_view(), name="section"),
    path(
        _("sections/<slug:slug>/rss/"), cached_page(feeds.RecordFeed(Section)), name="section_rss"
    ),
    path(
        _("sections/<slug:slug>/atom/"),
        cached_page(feeds.RecordAtomFeed(Section)),
        name="section_atom",
    ),
    path(_("topics/<slug:slug>/"), views.TagView.as_view(), name="tag"),
    path(_("topics/<slug:slug>/rss/"), cached_page(feeds.RecordFeed(Tag)), name="tag_rss"),
    path(_("topics/<slug:slug>/atom/"), cached_page(feeds.RecordAtomFeed(Tag)), name="tag_atom"),
]
