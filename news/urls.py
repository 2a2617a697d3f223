from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.caching import cached_page
from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    # Before the articles' pattern, which would take "rss" and "atom" for slugs.
    path(_("news/rss/"), cached_page(feeds.LatestNewsFeed()), name="rss"),
    path(_("news/atom/"), cached_page(feeds.LatestNewsAtomFeed()), name="atom"),
    path(_("authors/<slug:slug>/"), views.AuthorView.as_view(), name="author"),
    path(_("authors/<slug:slug>/rss/"), cached_page(feeds.AuthorFeed()), name="author_rss"),
    path(_("authors/<slug:slug>/atom/"), cached_page(feeds.AuthorAtomFeed()), name="author_atom"),
    path(_("news/preview/<int:pk>/"), views.ArticlePreviewView.as_view(), name="preview"),
    path(_("news/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
]
