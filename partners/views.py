from django.db.models import Prefetch
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from news.models import Article
from partners.models import Official, Organisation, Quote
from portal import structured_data
from portal.caching import CachedPageMixin
from portal.languages import AlternatesMixin, TranslatedSlugMixin


class OrganisationListView(CachedPageMixin, AlternatesMixin, ListView):
    template_name = "partners/organisation_list.html"
    context_object_name = "organisations"
    alternates_url_name = "partners:index"

    def get_queryset(self):
        return Organisation.objects.select_related("parent").prefetch_related("officials")


class OrganisationDetailView(CachedPageMixin, TranslatedSlugMixin, AlternatesMixin, DetailView):
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.with_context(structured_data.organization(self.object)),
            **kwargs,
        )

    def get_queryset(self):
        return Organisation.objects.select_related("parent").prefetch_related(
            "officials",
            "children",
            Prefetch(
                "articles",
                queryset=Article.objects.available_in(get_language()),
                to_attr="available_articles",
            ),
        )


class OfficialDetailView(CachedPageMixin, TranslatedSlugMixin, AlternatesMixin, DetailView):
    template_name = "partners/official_detail.html"
    context_object_name = "official"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.with_context(structured_data.person(self.object)),
            **kwargs,
        )

    def get_queryset(self):
        return Official.objects.select_related("organisation").prefetch_related(
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(
                    article__in=Article.objects.available_in(get_language()),
                    **{f"text_{get_language()}__gt": ""},
                )
                .attributed_in(get_language())
                .select_related("article")
                .order_by("-article__published_at", "pk"),
                to_attr="available_quotes",
            )
        )
