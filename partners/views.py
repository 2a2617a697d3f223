from django.db.models import Prefetch
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from core import structured_data
from core.caching import CachedPageMixin
from core.languages import AlternatesMixin, TranslatedSlugMixin
from partners.models import Official, Organisation, Quote, articles_available_in


class OrganisationListView(CachedPageMixin, AlternatesMixin, ListView):
    template_name = "partners/organisation_list.html"
    context_object_name = "organisations"
    alternates_url_name = "partners:index"

    def get_queryset(self):
        # In each language, who is named in it: an English list shows no Russian name.
        language = get_language()
        return (
            Organisation.objects.available_in(language)
            .select_related("parent")
            .prefetch_related(Prefetch("officials", Official.objects.available_in(language)))
        )


class PartnerDetailView(CachedPageMixin, TranslatedSlugMixin, AlternatesMixin, DetailView):
    """A partner's page, in every language: one not named in the reader's language shows
    its Russian name, marked as untranslated (``AlternatesMixin``). The template and the
    context name follow the model (``partners/official_detail.html``, ``official``)."""

    described_by = None  # its structured data (``core.structured_data``)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.with_context(type(self).described_by(self.object)),
            **kwargs,
        )


class OrganisationDetailView(PartnerDetailView):
    described_by = structured_data.organization

    def get_queryset(self):
        return Organisation.objects.select_related("parent").prefetch_related(
            "officials",
            "children",
            Prefetch(
                "articles",
                queryset=articles_available_in(get_language()),
                to_attr="available_articles",
            ),
        )


class OfficialDetailView(PartnerDetailView):
    described_by = structured_data.person

    def get_queryset(self):
        return Official.objects.select_related("organisation").prefetch_related(
            Prefetch(
                "quotes",
                queryset=Quote.objects.available_in(get_language())
                .filter(**{f"text_{get_language()}__gt": ""})
                .select_related("article")
                .order_by("-article__published_at", "pk"),
                to_attr="available_quotes",
            )
        )
