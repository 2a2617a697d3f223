"""Authors: their own admin (editors write them, translators translate their name and
bio), and the byline in an article's form."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import SafeAutocompleteMixin
from core.conflicts import RemembersOpenedValues
from news.models import ArticleAuthor, Author
from translations.admin import TranslatedContentAdmin


@admin.register(Author)
class AuthorAdmin(TranslatedContentAdmin):
    accusative_name = pgettext_lazy("accusative", "author")
    list_display = ["name", "kind", "modified_at"]
    list_filter = ["kind"]
    search_fields = ["name_ru", "name_en"]
    autocomplete_fields = ["photo"]
    slugs_from = "name"


class ArticleAuthorForm(RemembersOpenedValues, forms.ModelForm):
    class Meta:
        model = ArticleAuthor
        fields = ["author", "position"]


class ArticleAuthorInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ArticleAuthor
    form = ArticleAuthorForm
    autocomplete_fields = ["author"]
    ordering = ["position"]
    extra = 0
    verbose_name = _("author")
    verbose_name_plural = _("byline: the authors, in the order it names them")
