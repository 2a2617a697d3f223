"""An article's body in its form: paragraphs and quotes in reading order, for editors, and
the English of each, beside its Russian, for translators."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.admin import TranslationStackedInline

from core.admin import AutocompleteSelect
from core.conflicts import RemembersOpenedValues
from news import services
from news.admin.forms import ReadinessCheckedFormSet
from news.models import BodyItem
from partners.models import Official, Quote
from translations.admin import RefuseOtherFieldsMixin, source_display, works_as_translator
from translations.models import Status
from translations.services import confirm_translations
from translations.status import field_states

# The editing form of rich text (core.rich_text): the limited HTML itself, in a textarea.
# No angle brackets here: the admin shows help texts as HTML, and tabular ones stripped.
PARAGRAPH_HELP = _(
    "Written as HTML: paragraphs (p), subheadings (h2, h3), lists (ul or ol, with li), "
    "emphasis (em, strong) and links (a href) to https://, mailto: or this site's own "
    "addresses, which lead each reader to the page in their language. Anything else is "
    "removed when saved; Preview shows the article as readers will see it."
)
ENGLISH_HELP = _(
    "A paragraph's English carries the Russian's markup: the same tags, links and "
    "emphasis, around the English words."
)


class BodyItemForm(RemembersOpenedValues, forms.ModelForm):
    """One step of the body: a paragraph, or a quote with the official who said it.

    A quote's text and official live in ``partners.Quote``; the editor writes them here,
    where they stand in the article, and ``services.save_body_item`` keeps the quote in step.
    """

    quote_text_ru = forms.CharField(
        label=_("quote [ru]"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
    )
    quote_text_en = forms.CharField(
        label=_("quote [en]"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
    )
    # Not the model's position field: numbers may clash while the editor reorders (and
    # would fail the unique check); the formset numbers the items 1, 2, 3… when saving.
    order = forms.IntegerField(
        label=pgettext_lazy("place in a sequence", "position"),
        required=False,
        min_value=1,
        help_text=_("Change the numbers to reorder; empty goes last."),
    )
    official = forms.ModelChoiceField(
        Official.objects.all(),
        label=_("said by"),
        required=False,
        widget=AutocompleteSelect(Quote._meta.get_field("official"), admin.site),
    )

    class Meta:
        model = BodyItem
        fields = ["text_ru", "text_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["order"] = self.instance.position
        # As the admin wraps its own relation fields: with a "+" to add an official.
        self.fields["official"].widget = RelatedFieldWidgetWrapper(
            self.fields["official"].widget,
            Quote._meta.get_field("official").remote_field,
            admin.site,
            can_add_related=True,
        )
        for name in ("text_ru", "text_en"):
            self.fields[name].help_text = PARAGRAPH_HELP
        quote = self.instance.quote if self.instance.quote_id else None
        if quote is not None:
            self.initial.update(
                quote_text_ru=quote.text_ru,
                quote_text_en=quote.text_en,
                official=quote.official_id,
            )

    @property
    def is_quote(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("quote_text_ru") or data.get("quote_text_en") or data.get("official"))

    def english_text(self) -> str:
        data = self.cleaned_data
        return data.get("quote_text_en") if self.is_quote else data.get("text_en")

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        has_paragraph = bool(data.get("text_ru") or data.get("text_en"))
        if self.is_quote:
            if has_paragraph:
                raise ValidationError(
                    _("An item is either a paragraph or a quote: empty one of them.")
                )
            if not data.get("official"):
                self.add_error("official", _("Say which official said this quote."))
            if not data.get("quote_text_ru"):
                self.add_error("quote_text_ru", _("The quote needs its Russian text."))
        elif not data.get("text_ru"):
            self.add_error("text_ru", _("Write the paragraph in Russian, or fill in a quote."))
        return data

    def save(self, commit=True):
        item = super().save(commit=False)
        if not commit:
            return item
        data = self.cleaned_data
        quote = (
            services.QuoteText(data["official"], data["quote_text_ru"], data["quote_text_en"])
            if self.is_quote
            else None
        )
        # item.position is already final: the formset numbers the items before saving them.
        return services.save_body_item(item=item, quote=quote, by=getattr(self, "editor", None))


class BodyItemTranslationForm(RefuseOtherFieldsMixin, RemembersOpenedValues, forms.ModelForm):
    """A translator's row of the body: the English of one paragraph or quote, nothing else."""

    english = forms.CharField(
        label=_("English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField", "lang": "en"}),
    )
    reviewed = forms.BooleanField(
        label=_("Checked against the current Russian"),
        required=False,
        help_text=_("Tick to confirm an outdated English that still fits."),
    )
    refused_fields = ("order", "position", "text_ru", "quote_text_ru", "official")
    # Named in the refusal as the editor's row labels them, never by their keys.
    refused_labels = {
        **{name: field.label for name, field in BodyItemForm.base_fields.items()},
        "position": BodyItem._meta.get_field("position").verbose_name,
    }

    class Meta:
        model = BodyItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["english"] = self.part().text_en
            if not self.instance.quote_id:
                self.fields["english"].help_text = ENGLISH_HELP
        if not self.is_outdated():
            # Only an outdated English can be confirmed as still fitting the Russian.
            self.fields["reviewed"].widget = forms.HiddenInput()

    def is_outdated(self) -> bool:
        return self.instance.pk is not None and any(
            state.status == Status.OUTDATED for state in field_states(self.part())
        )

    def part(self):
        """What this row translates: the quote it places, or the paragraph itself."""
        return self.instance.quote if self.instance.quote_id else self.instance

    def english_text(self) -> str:
        return self.cleaned_data.get("english")

    def save(self, commit=True):
        item = super().save(commit)
        reviewed = self.cleaned_data.get("reviewed")
        if commit and ("english" in self.changed_data or reviewed):
            editor = getattr(self, "editor", None)
            part = self.part()
            part.text_en = self.cleaned_data["english"]
            if hasattr(part, "modified_by"):
                part.modified_by = editor
            part.save()  # records a changed English (translations.provenance)
            if reviewed:
                confirm_translations(part, by=editor, fields=["text"])
        return item


class BodyFormSet(ReadinessCheckedFormSet):
    def partners_named_by(self, form) -> list:
        official = form.cleaned_data.get("official")
        if official is None and form.instance.quote_id:
            official = form.instance.quote.official  # a translator's row
        return [official, official.organisation] if official else []

    def readiness_errors(self) -> list[ValidationError]:
        errors = super().readiness_errors()
        untranslated = [form for form in self.kept_forms() if not form.english_text()]
        if untranslated:
            errors.append(
                ValidationError(
                    ngettext(
                        "The English version cannot be ready: %(count)d paragraph or quote "
                        "has no English yet.",
                        "The English version cannot be ready: %(count)d paragraphs or quotes "
                        "have no English yet.",
                        len(untranslated),
                    ),
                    params={"count": len(untranslated)},
                    code="english_missing",
                )
            )
        return errors

    def save(self, commit=True):
        if not commit:
            return super().save(commit)
        # Numbered before they are saved, so that each item's saved version (the history)
        # has its real place. The (article, position) constraint is deferred: numbers may
        # clash until the transaction ends.
        moved = self.renumber()
        saved = super().save(commit)
        for form in moved:
            if not form.has_changed():  # the formset saves only the forms that changed
                form.instance.save(update_fields=["position"])
        return saved

    def renumber(self) -> list[forms.ModelForm]:
        """Positions 1, 2, 3… in the order the editor asked for. An item moved to a taken
        number goes before the item that had it; an empty number goes last. Returns the
        forms whose item got a new number."""
        kept = [form for form in self.forms if form.cleaned_data and form not in self.deleted_forms]
        kept.sort(
            key=lambda form: (
                form.cleaned_data.get("order") or 10**6,
                "order" not in form.changed_data,
                self.forms.index(form),
            )
        )
        moved = []
        for number, form in enumerate(kept, start=1):
            if form.instance.position != number:
                form.instance.position = number
                moved.append(form)
        return moved


class BodyItemInline(TranslationStackedInline):
    model = BodyItem
    form = BodyItemForm
    formset = BodyFormSet
    fields = ["order", "text", "quote_text_ru", "quote_text_en", "official"]
    ordering = ["position"]
    extra = 1
    verbose_name = _("paragraph or quote")
    verbose_name_plural = _("body: paragraphs and quotes, in reading order")

    translatable = True  # translators see it, in their own form

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quote__official")

    def is_translator(self, request) -> bool:
        return works_as_translator(request, self.model)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.is_translator(request)

    def get_fields(self, request, obj=None):
        if self.is_translator(request):
            return ["russian_source", "english", "reviewed"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.is_translator(request):
            return ["russian_source"]
        return super().get_readonly_fields(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        if self.is_translator(request):
            kwargs.update(form=BodyItemTranslationForm, fields=["english", "reviewed"])
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("Russian"))
    def russian_source(self, item: BodyItem):
        if not item.pk:
            return "—"
        if item.quote_id:
            return format_html(
                "<p>{} {}</p>{}",
                _("Quote by"),
                item.quote.official,
                source_display("text", "")(item.quote),
            )
        return source_display("text", "")(item)
