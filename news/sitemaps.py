from django.db.models import Max, Q
from django.urls import reverse

from core.caching import depends_on
from core.languages import LANGUAGES
from core.sitemaps import BilingualSitemap, TranslatedSitemap
from news.models import Article, Author
from news.taxonomy import Section, Tag


class ArticleSitemap(TranslatedSitemap):
    changefreq = "never"
    priority = 0.8

    def items(self):
        return Article.objects.published()


class TaxonSitemap(TranslatedSitemap):
    """The sections' or tags' pages, each in the languages it is shown in."""

    model = None
    changefreq = "daily"
    priority = 0.5

    def items(self):
        # The articles' modification times, read as an aggregate: any article's edit.
        depends_on(Article)
        # Annotated, so that each item's languages are known without a query each.
        return (
            self.model.objects.with_availability()
            .annotate(last_article=Max("articles__modified_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        # The page changes with its name and with the articles it lists.
        return max(filter(None, (item.modified_at, item.last_article)))


class SectionSitemap(TaxonSitemap):
    model = Section


class TagSitemap(TaxonSitemap):
    model = Tag


class ListSitemap(BilingualSitemap):
    """The pages that list things: in both languages."""

    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return ["news:index", "partners:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        # The newest modification of any article, whichever that is now.
        depends_on(Article)
        latest = Article.objects.published().order_by("-modified_at").first()
        return latest.modified_at if latest else None


class AuthorSitemap(TranslatedSitemap):
    """Each author's page in the languages they have articles in."""

    changefreq = "daily"
    priority = 0.4

    def items(self):
        authors = Author.objects.with_availability()
        available = Q()
        for language in LANGUAGES:
            available |= Q(**{f"available_{language}": True})
        return authors.filter(available).order_by("pk")
