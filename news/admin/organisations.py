"""The organisations an article concerns, in its form."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import SafeAutocompleteMixin
from core.conflicts import RemembersOpenedValues
from news.admin.forms import ReadinessCheckedFormSet
from news.models import ArticleOrganisation


class ArticleOrganisationFormSet(ReadinessCheckedFormSet):
    def partners_named_by(self, form) -> list:
        organisation = form.cleaned_data.get("organisation")
        return [organisation] if organisation else []


class ArticleOrganisationForm(RemembersOpenedValues, forms.ModelForm):
    class Meta:
        model = ArticleOrganisation
        fields = ["organisation"]


class ArticleOrganisationInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ArticleOrganisation
    form = ArticleOrganisationForm
    formset = ArticleOrganisationFormSet
    autocomplete_fields = ["organisation"]
    extra = 0
    verbose_name = _("organisation the article concerns")
    verbose_name_plural = _("organisations the article concerns")
