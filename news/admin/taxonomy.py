"""Sections and tags: editors keep them, translators give them their English."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.taxonomy import Section, Tag
from translations.admin import TranslatedContentAdmin


class TaxonAdmin(TranslatedContentAdmin):
    slugs_from = "name"
    search_fields = ["name_ru", "name_en", "slug_ru", "slug_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def articles(self, taxon) -> int:
        return taxon.article_count


@admin.register(Section)
class SectionAdmin(TaxonAdmin):
    accusative_name = pgettext_lazy("accusative", "section")
    list_display = ["name", "parent", "articles", "modified_at"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(TaxonAdmin):
    accusative_name = pgettext_lazy("accusative", "tag")
    list_display = ["name", "articles", "modified_at"]
