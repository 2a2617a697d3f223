from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from core import structured_data
from core.caching import CachedPageMixin
from core.languages import (
    SOURCE_LANGUAGE,
    Alternate,
    AlternatesMixin,
    TranslatedSlugMixin,
    language_name,
)
from images.renditions import share_card
from news.models import Article, Author
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
        return Article.objects.published().for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_language"] = get_language() if context["translated"] else SOURCE_LANGUAGE
        context["body"] = self.object.body_in(context["content_language"])
        context["organisations"] = self.object.organisations_in(context["content_language"])
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
            raise Http404("Nothing at this address.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.available_in(get_language()).filter(bylines__author=self.object)

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
        return Article.objects.for_page()

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
