import datetime
from dataclasses import replace

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from core import old_slugs, structured_data
from core.caching import CachedPageMixin
from core.languages import (
    SOURCE_LANGUAGE,
    Alternate,
    AlternatesMixin,
    TranslatedSlugMixin,
    alternates_for,
    alternates_for_view,
    language_name,
    localized_url,
)
from images.renditions import share_card
from news.models import Article, Author
from news.taxonomy import Section, Tag
from translations.status import translation_note


class ArticleListView(CachedPageMixin, AlternatesMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = 10
    alternates_url_name = "news:index"

    def get_queryset(self):
        return Article.objects.available_in(get_language())


class ArticleDetailView(CachedPageMixin, TranslatedSlugMixin, AlternatesMixin, DetailView):
    """An article in the reader's language, or, while its translation is not ready, the
    original under a notice."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.for_page_in(get_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_language"] = get_language() if context["translated"] else SOURCE_LANGUAGE
        context["body"] = self.object.body_in(context["content_language"])
        context["organisations"] = self.object.organisations_in(context["content_language"])
        if context["translated"]:
            # Shown in the reader's language only: an untranslated article's would lead an
            # English reader to Russian pages (its section and tags may file nothing else).
            context["section"] = self.object.section_in(context["content_language"])
            context["tags"] = self.object.tags_in(context["content_language"])
        context["related_articles"] = self.object.related_in(get_language())
        context["authors"] = self.object.authors_in(context["content_language"])
        context["page_title"] = self.object.page_title(context["content_language"])
        context["page_description"] = self.object.page_description(context["content_language"])
        if self.object.lead_image is not None:
            context["share_image"] = share_card(self.object.lead_image, context["content_language"])
        with translation.override(context["content_language"]):
            context["structured_data"] = structured_data.news_article(
                self.object,
                context["content_language"],
                image_url=context.get("share_image", {}).get("url"),
            )
        context["og_type"] = "article"
        if context["translated"] and get_language() != SOURCE_LANGUAGE:
            context["translation_note"] = translation_note(self.object)
        return context


class TaxonArticlesView(CachedPageMixin, ListView):
    """The articles a section or tag files, newest first: a page only in the languages
    the section or tag is shown in (``TaxonomyQuerySet.available_in``), else a 404."""

    model = None  # Section or Tag
    shown_with = ()  # what its page shows of it besides its own fields
    template_name = "news/taxon_articles.html"
    context_object_name = "articles"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An address it had before a rename leads to its address now (core.old_slugs).
            language = get_language()
            taxa = self.model.objects.available_in(language)
            redirect = old_slugs.redirect_if_moved(taxa, self.kwargs["slug"], language, request)
            if redirect is None:
                raise
            return redirect

    def get_queryset(self):
        language = get_language()
        self.taxon = (
            self.model.objects.select_related(*self.shown_with)
            .with_availability()
            .with_slug(self.kwargs["slug"], language)
            .first()
        )
        if self.taxon is None or not self.taxon.is_available_in(language):
            raise Http404(_("There is no such page."))
        return Article.objects.available_in(language).filter(self.model.files(self.taxon))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            taxon=self.taxon,
            kind=self.model._meta.verbose_name,
            alternates=or_home(alternates_for(self.taxon)),
            translated=True,
            feed_links=feed_links(self.taxon),
            **kwargs,
        )


def or_home(alternates: list[Alternate]) -> list[Alternate]:
    """A list page's alternates, where a language it has no page in (nothing to list
    there) leads to that language's home page instead of a 404."""
    return [
        alternate
        if alternate.available
        else replace(alternate, url=link_in_language("news:index", alternate.language))
        for alternate in alternates
    ]


def link_in_language(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return localized_url(name, **kwargs)


def feed_links(taxon) -> dict[str, str]:
    """The addresses of a section's or tag's feeds in the page's language."""
    name = taxon.URL_NAME
    return {
        "rss": localized_url(f"{name}_rss", slug=taxon.slug),
        "atom": localized_url(f"{name}_atom", slug=taxon.slug),
    }


class SectionView(TaxonArticlesView):
    model = Section
    shown_with = ("parent",)


class TagView(TaxonArticlesView):
    model = Tag


class ArchiveView(CachedPageMixin, ListView):
    """The articles of a year or a month available in the page's language, newest first;
    a year or month with none is a 404 (the URL patterns let through only real months)."""

    template_name = "news/archive.html"
    context_object_name = "articles"
    paginate_by = 10
    allow_empty = False

    def get_queryset(self):
        return Article.objects.available_in(get_language()).in_month(
            self.kwargs["year"], self.kwargs.get("month")
        )

    def get_alternates(self) -> list[Alternate]:
        url_name = "news:archive_month" if "month" in self.kwargs else "news:archive_year"
        alternates = []
        for alternate in alternates_for_view(url_name, **self.kwargs):
            available = alternate.is_current or (
                Article.objects.available_in(alternate.language)
                .in_month(self.kwargs["year"], self.kwargs.get("month"))
                .exists()
            )
            alternates.append(replace(alternate, available=available))
        return or_home(alternates)

    def get_context_data(self, **kwargs):
        month = self.kwargs.get("month")
        return super().get_context_data(
            year=self.kwargs["year"],
            month=datetime.date(self.kwargs["year"], month, 1) if month else None,
            alternates=self.get_alternates(),
            translated=True,
            **kwargs,
        )


class AuthorView(CachedPageMixin, AlternatesMixin, ListView):
    """An author's page: who they are and their articles available in the reader's
    language, newest first. An author with none in it has no page in it."""

    template_name = "news/author_detail.html"
    context_object_name = "articles"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        language = get_language()
        self.object = (
            Author.objects.available_in(language)
            .with_availability()
            .select_related("photo")
            .with_slug(self.kwargs["slug"], language)
            .first()
        )
        if self.object is None:
            # An address it had before a rename leads to its address now (core.old_slugs).
            authors = Author.objects.available_in(language)
            redirect = old_slugs.redirect_if_moved(authors, self.kwargs["slug"], language, request)
            if redirect is None:
                raise Http404(_("There is no such page."))
            return redirect
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.available_in(get_language()).filter(Author.files(self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            author=self.object,
            structured_data=structured_data.with_context(
                structured_data.author(self.object, full=True)
            ),
            **kwargs,
        )


def preview_url(pk, language: str) -> str:
    """The staff preview of an article, as its readers in ``language`` will see it."""
    with translation.override(language):
        return reverse("news:preview", kwargs={"pk": pk})


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """An article of any status, as readers will see it once it is published: staff only."""

    permission_required = "news.view_article"
    login_url = reverse_lazy("admin:login")
    template_name = "news/article_preview.html"

    def get_queryset(self):
        return Article.objects.with_partners()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_alternates(self) -> list[Alternate]:
        alternates = []
        for code, _name in settings.LANGUAGES:
            url = preview_url(self.object.pk, code)
            alternates.append(
                Alternate(code, language_name(code), url, self.object.is_translated_into(code))
            )
        return alternates
