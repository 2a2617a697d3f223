"""RSS 2.0 and Atom feeds of the news, and of each section, tag and author, one per
language, of what is available in it."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.addresses import absolute_url
from core.languages import localized_url
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
        return self.articles()[:ITEMS]

    def articles(self):
        return Article.objects.available_in(get_language()).with_bylines()

    # Each of these reads one field of the article, in the feed's language.
    item_title = article_field("headline")
    item_description = article_field("lead")
    item_pubdate = article_field("published_at")
    # Atom's <updated>: when its text last changed for readers (``news.updates``).
    item_updateddate = article_field("last_updated")

    def item_author_name(self, article):
        # Its byline; the source is where the news came from, not who wrote it.
        return ", ".join(author.name for author in article.authors_in(get_language())) or None

    def item_author_link(self, article):
        authors = article.authors_in(get_language())
        return absolute_url(authors[0].get_absolute_url()) if len(authors) == 1 else None

    def item_guid(self, article):
        # Stable whatever becomes of the slug; one per language.
        return f"urn:portal:article:{article.pk}:{get_language()}"

    item_guid_is_permalink = False


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description

    def feed_url(self):
        return absolute_url(reverse("news:atom"))


class RecordFeed(LatestNewsFeed):
    """The newest articles of one section, tag or author (``model``: a model that says
    which articles a record ``files`` and the ``URL_NAME`` of its page), in the feed's
    language; only while the record is shown in it (its ``available_in``), else a 404."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def get_object(self, request, slug):
        language = get_language()
        record = self.model.objects.available_in(language).with_slug(slug, language).first()
        if record is None:
            raise Http404(gettext("There is no such page."))
        return record

    def title(self, record):
        return f"{record.name} · {LatestNewsFeed.title}"

    def description(self, record):
        # An author's short bio says what their feed is; a section or tag has none.
        return getattr(record, "bio", "") or LatestNewsFeed.description

    def link(self, record):
        return absolute_url(record.get_absolute_url())

    def feed_url(self, record):
        return absolute_url(localized_url(f"{record.URL_NAME}_rss", slug=record.slug))

    def items(self, record):
        return self.articles().filter(record.files(record))[:ITEMS]


class RecordAtomFeed(RecordFeed):
    feed_type = Atom1Feed

    def subtitle(self, record):
        return self.description(record)

    def feed_url(self, record):
        return absolute_url(localized_url(f"{record.URL_NAME}_atom", slug=record.slug))
