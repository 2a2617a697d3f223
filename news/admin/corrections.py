"""Corrections in an article's form: editors add them with their date; translators write
their English beside the Russian."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from core.conflicts import RemembersOpenedValues
from news.models import Correction
from translations.admin import RefuseOtherFieldsMixin, source_display, works_as_translator


class CorrectionForm(RemembersOpenedValues, forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["text", "date"]


class CorrectionTranslationForm(RefuseOtherFieldsMixin, RemembersOpenedValues, forms.ModelForm):
    """A translator's row: the English of a correction, nothing else."""

    refused_fields = ("text_ru", "date")
    refused_labels = {
        "text_ru": Correction._meta.get_field("text_ru").verbose_name,
        "date": Correction._meta.get_field("date").verbose_name,
    }

    class Meta:
        model = Correction
        fields = ["text_en"]
        widgets = {"text_en": forms.Textarea(attrs={"rows": 3, "lang": "en"})}


class CorrectionInline(TranslationStackedInline):
    model = Correction
    form = CorrectionForm
    fields = ["text", "date"]
    ordering = ["date", "pk"]
    extra = 0
    verbose_name = _("correction")
    verbose_name_plural = _(
        "corrections: what was wrong and is now right, shown at the end of the article"
    )

    translatable = True  # translators see it, in their own form

    def is_translator(self, request) -> bool:
        return works_as_translator(request, self.model)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.is_translator(request)

    def get_fields(self, request, obj=None):
        if self.is_translator(request):
            return ["russian_text", "text_en"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.is_translator(request):
            return ["russian_text"]
        return super().get_readonly_fields(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        if self.is_translator(request):
            kwargs.update(form=CorrectionTranslationForm, fields=["text_en"])
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("Russian"))
    def russian_text(self, correction: Correction):
        return source_display("text", "")(correction) if correction.pk else "—"
