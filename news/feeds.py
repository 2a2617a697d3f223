"""RSS 2.0 and Atom feeds of the news, one per language, of what is available in it."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.addresses import absolute_url
from news.models import Article

ITEMS = 30


def article_field(name: str):
    """A feed method that gives the article's field ``name``."""

    def read(self, article):
        return getattr(article, name)

    return read


class LatestNewsFeed(Feed):
    title = _("Moscow Innovation News")
    description = _("News of Moscow's innovation programmes and their partners.")

    # Absolute already, from the site's origin: Django would otherwise prefix the
    # request's Host, and feeds are cached for everyone.
    def link(self):
        return absolute_url(reverse("news:index"))

    def feed_url(self):
        return absolute_url(reverse("news:rss"))

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def items(self):
        return Article.objects.available_in(get_language())[:ITEMS]

    # Each of these reads one field of the article, in the feed's language.
    item_title = article_field("headline")
    item_description = article_field("lead")
    item_pubdate = article_field("published_at")
    item_updateddate = article_field("modified_at")
    item_author_name = article_field("source_name")
    item_author_link = article_field("source_url")

    def item_guid(self, article):
        # Stable whatever becomes of the slug; one per language.
        return f"urn:portal:article:{article.pk}:{get_language()}"

    item_guid_is_permalink = False


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description

    def feed_url(self):
        return absolute_url(reverse("news:atom"))
