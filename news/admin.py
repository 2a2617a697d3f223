from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from news.models import Article, ArticleOrganisation, BodyItem
from portal.admin import PortalAdmin


class ArticleOrganisationInline(admin.TabularInline):
    model = ArticleOrganisation
    autocomplete_fields = ["organisation"]
    extra = 0


class BodyItemInline(TranslationStackedInline):
    model = BodyItem
    fields = ["position", "text", "quote"]
    autocomplete_fields = ["quote"]
    ordering = ["position"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(PortalAdmin):
    list_display = ["headline", "status", "published_at", "english_ready", "modified_at"]
    list_filter = ["status", "english_ready", "organisations"]
    search_fields = ["headline_ru", "headline_en", "lead_ru", "lead_en"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug_ru": ["headline_ru"], "slug_en": ["headline_en"]}
    inlines = [ArticleOrganisationInline, BodyItemInline]
    fieldsets = [
        (None, {"fields": ["headline", "lead", "slug"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (_("Publication"), {"fields": ["status", "published_at", "english_ready"]}),
    ]
