from django.contrib import admin
from django.utils.translation import pgettext_lazy

from partners.models import Official, Organisation, Quote
from translations.admin import TranslatedContentAdmin


class PartnerAdmin(TranslatedContentAdmin):
    """A partner's slugs come from its name, whichever field holds it (``NAME_FIELD``)."""

    @property
    def slugs_from(self) -> str:
        return self.model.NAME_FIELD


@admin.register(Organisation)
class OrganisationAdmin(PartnerAdmin):
    accusative_name = pgettext_lazy("accusative", "organisation")
    list_display = ["name", "short_name", "kind", "country", "parent", "modified_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name_ru", "name_en", "short_name_ru", "short_name_en", "native_name"]
    autocomplete_fields = ["parent"]


@admin.register(Official)
class OfficialAdmin(PartnerAdmin):
    accusative_name = pgettext_lazy("accusative", "official")
    list_display = ["full_name", "position", "organisation", "modified_at"]
    list_filter = ["organisation"]
    search_fields = ["full_name_ru", "full_name_en", "native_name", "position_ru", "position_en"]
    autocomplete_fields = ["organisation"]


@admin.register(Quote)
class QuoteAdmin(TranslatedContentAdmin):
    accusative_name = pgettext_lazy("accusative", "quote")
    list_display = ["__str__", "official", "article", "modified_at"]
    list_filter = ["official__organisation", "official"]
    list_select_related = ["official", "article"]
    search_fields = ["text_ru", "text_en", "official__full_name_ru", "official__full_name_en"]
    autocomplete_fields = ["official", "article"]
