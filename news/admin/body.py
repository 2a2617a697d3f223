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
from core.rich_text import RichTextEditor
from news import services
from news.admin.forms import ReadinessCheckedFormSet, untranslated_images_error
from news.models import BodyItem
from partners.models import Official, Quote
from translations.admin import RefuseOtherFieldsMixin, source_display, works_as_translator
from translations.models import Status
from translations.services import confirm_translations
from translations.status import field_states

# The editing form of rich text (core.rich_text): its editor, whose toolbar offers what a
# paragraph may hold; without JavaScript, the limited HTML itself in a textarea.
# No angle brackets here: the admin shows help texts as HTML, and tabular ones stripped.
PARAGRAPH_HELP = _(
    "Subheadings, lists, bold, italics and links from the toolbar. Links go to https://, "
    "mailto: or this site's own addresses, which lead each reader to the page in their "
    "language. Anything else is removed when saved; Preview shows the article as readers "
    "will see it."
)
ENGLISH_HELP = _(
    "A paragraph's English carries the Russian's markup: the same subheadings, lists, "
    "links and emphasis, around the English words."
)


Kind = BodyItem.Kind


def _form_fields(model_fields: tuple[str, ...]):
    for name in model_fields:
        if name == "quote":  # written where it stands, kept in partners.Quote
            yield from ("quote_text_ru", "quote_text_en", "official")
        elif name == "image":
            yield name
        else:
            yield from (f"{name}_ru", f"{name}_en")


# The form's fields of each kind of block (``BodyItem.KIND_FIELDS``).
KIND_FIELDS = {kind: tuple(_form_fields(names)) for kind, names in BodyItem.KIND_FIELDS.items()}

# Of those, the text each kind has in both languages: (its Russian, its English).
TRANSLATED_FIELDS = {
    kind: tuple(name for name in names if name.endswith(("_ru", "_en")))
    for kind, names in KIND_FIELDS.items()
}


class BodyItemForm(RemembersOpenedValues, forms.ModelForm):
    """One block of the body: a paragraph, a subheading, a quote with the official who said
    it, or an image from the library with its caption in this article.

    The admin's script shows only the fields of the chosen kind; without it every field
    shows, and a block whose kind is left open takes the kind of what is filled in.
    A quote's text and official live in ``partners.Quote``; the editor writes them here,
    where they stand in the article, and ``services.save_body_item`` keeps the quote in step.
    """

    kind = forms.ChoiceField(
        label=pgettext_lazy("of a body block", "kind"),
        choices=[("", _("— what is filled in —")), *Kind.choices],
        required=False,
        help_text=_("Only the fields of the chosen kind are kept."),
    )
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
        fields = [
            "text_ru",
            "text_en",
            "heading_ru",
            "heading_en",
            "image",
            "caption_ru",
            "caption_en",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["order"] = self.instance.position
            self.initial["kind"] = self.instance.kind
        # As the admin wraps its own relation fields: with a "+" to add an official.
        self.fields["official"].widget = RelatedFieldWidgetWrapper(
            self.fields["official"].widget,
            Quote._meta.get_field("official").remote_field,
            admin.site,
            can_add_related=True,
        )
        for name in ("text_ru", "text_en"):
            if name in self.fields:
                self.fields[name].help_text = PARAGRAPH_HELP
        quote = self.instance.quote if self.instance.quote_id else None
        if quote is not None:
            self.initial.update(
                quote_text_ru=quote.text_ru,
                quote_text_en=quote.text_en,
                official=quote.official_id,
            )

    def has_changed(self) -> bool:
        # A new block with only its kind and place set (the admin's script sets both) has
        # nothing in it yet: it is no block.
        changed = set(self.changed_data)
        if self.instance.pk is None:
            changed -= {"kind", "order"}
        return bool(changed)

    @property
    def is_quote(self) -> bool:
        return self.cleaned_data.get("kind") == Kind.QUOTE

    def lacks_english(self) -> bool:
        """Whether the block has Russian text whose English is not written."""
        data = self.cleaned_data
        russian, english = TRANSLATED_FIELDS[data["kind"]]
        return bool(data.get(russian)) and not data.get(english)

    def image_shown(self):
        return self.cleaned_data.get("image")

    def kind_filled_in(self, data) -> str | None:
        filled = [
            kind for kind, names in KIND_FIELDS.items() if any(data.get(name) for name in names)
        ]
        if len(filled) > 1:
            raise ValidationError(
                _("Choose this block's kind: it has fields of several kinds filled in."),
                code="kinds_mixed",
            )
        return filled[0] if filled else Kind.PARAGRAPH

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        kind = data["kind"] = data.get("kind") or self.kind_filled_in(data)
        # The chosen kind's fields are what the editor sees; any other kind's are dropped.
        for other, names in KIND_FIELDS.items():
            if other != kind:
                for name in names:
                    if name in data:
                        data[name] = None if name in ("official", "image") else ""
        if kind == Kind.PARAGRAPH and not data.get("text_ru"):
            self.add_error("text_ru", _("Write the paragraph in Russian."))
        elif kind == Kind.SUBHEADING and not data.get("heading_ru"):
            self.add_error("heading_ru", _("Write the subheading in Russian."))
        elif kind == Kind.QUOTE:
            if not data.get("official"):
                self.add_error("official", _("Say which official said this quote."))
            if not data.get("quote_text_ru"):
                self.add_error("quote_text_ru", _("The quote needs its Russian text."))
        elif kind == Kind.IMAGE and not data.get("image"):
            self.add_error("image", _("Choose the image from the library, or upload one."))
        return data

    def save(self, commit=True):
        item = super().save(commit=False)
        # Set here too: a model field with a default is skipped when the browser sends none.
        item.kind = self.cleaned_data["kind"]
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
    """A translator's row of the body: the English of one block, nothing else. A block with
    nothing of its own to translate (an image without a caption of its own) offers none."""

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
    refused_fields = (
        "order",
        "position",
        "kind",
        "text_ru",
        "heading_ru",
        "caption_ru",
        "quote_text_ru",
        "official",
        "image",
    )
    # Named in the refusal as the editor's row labels them, never by their keys.
    refused_labels = {
        **{name: field.label for name, field in BodyItemForm.base_fields.items()},
        **{
            name: BodyItem._meta.get_field(name).verbose_name
            for name in ("position", "text_ru", "heading_ru", "caption_ru", "image")
        },
    }

    class Meta:
        model = BodyItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translated = self.instance.translated_text() if self.instance.pk else None
        if translated is None:
            self.fields["english"].widget = forms.HiddenInput()
        else:
            part, field = translated
            self.initial["english"] = getattr(part, f"{field}_en")
            if field == "text" and part is self.instance:  # a paragraph: rich text
                self.fields["english"].widget = RichTextEditor(attrs={"lang": "en"})
                self.fields["english"].help_text = ENGLISH_HELP
            elif field != "text":  # a subheading or a caption: one line
                self.fields["english"].widget = forms.TextInput(
                    attrs={"class": "vLargeTextField", "lang": "en"}
                )
        if not self.is_outdated():
            # Only an outdated English can be confirmed as still fitting the Russian.
            self.fields["reviewed"].widget = forms.HiddenInput()

    def is_outdated(self) -> bool:
        translated = self.instance.translated_text() if self.instance.pk else None
        return translated is not None and any(
            state.status == Status.OUTDATED and state.field == translated[1]
            for state in field_states(translated[0])
        )

    def lacks_english(self) -> bool:
        translated = self.instance.translated_text()
        return translated is not None and not self.cleaned_data.get("english")

    def image_shown(self):
        return self.instance.image

    def clean_english(self):
        english = self.cleaned_data["english"]
        translated = self.instance.translated_text() if self.instance.pk else None
        if translated is None or not english:
            return english
        part, field = translated
        # The field's own rules (its length, above all), as the editor's form applies them.
        return part._meta.get_field(f"{field}_en").clean(english, part)

    def save(self, commit=True):
        item = super().save(commit)
        translated = self.instance.translated_text()
        reviewed = self.cleaned_data.get("reviewed")
        if commit and translated and ("english" in self.changed_data or reviewed):
            editor = getattr(self, "editor", None)
            part, field = translated
            setattr(part, f"{field}_en", self.cleaned_data["english"])
            if hasattr(part, "modified_by"):
                part.modified_by = editor
            part.save()  # records a changed English (translations.provenance)
            if reviewed:
                confirm_translations(part, by=editor, fields=[field])
        return item


class BodyFormSet(ReadinessCheckedFormSet):
    def partners_named_by(self, form) -> list:
        official = form.cleaned_data.get("official")
        if official is None and form.instance.is_quote:
            official = form.instance.quote.official  # a translator's row
        return [official, official.organisation] if official else []

    def readiness_errors(self) -> list[ValidationError]:
        errors = super().readiness_errors()
        kept = self.kept_forms()
        untranslated = [form for form in kept if form.lacks_english()]
        if untranslated:
            errors.append(
                ValidationError(
                    ngettext(
                        "The English version cannot be ready: %(count)d block of the body "
                        "has no English yet.",
                        "The English version cannot be ready: %(count)d blocks of the body "
                        "have no English yet.",
                        len(untranslated),
                    ),
                    params={"count": len(untranslated)},
                    code="english_missing",
                )
            )
        images = [form.image_shown() for form in kept if form.image_shown() is not None]
        undescribed = [image for image in dict.fromkeys(images) if not image.alt_en]
        if undescribed:
            errors.append(untranslated_images_error(undescribed))
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
    fields = ["kind", "order", "text", "heading", "quote_text_ru", "quote_text_en", "official"]
    fields += ["image", "caption"]
    autocomplete_fields = ["image"]
    ordering = ["position"]
    extra = 1
    verbose_name = _("block")
    verbose_name_plural = _("body: paragraphs, subheadings, quotes and images, in reading order")

    translatable = True  # translators see it, in their own form

    class Media:
        js = ["js/body-blocks.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quote__official", "image")

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
        if item.kind == Kind.QUOTE:
            return format_html(
                "<p>{} {}</p>{}",
                _("Quote by"),
                item.quote.official,
                source_display("text", "")(item.quote),
            )
        if item.kind == Kind.IMAGE:
            described = format_html("<p>{} {}</p>", _("Image:"), item.image.alt_ru)
            if not item.caption_ru:
                return format_html(
                    "{}<p>{}</p>",
                    described,
                    _(
                        "Nothing to translate here: the image's own texts are translated in "
                        "the media library."
                    ),
                )
            return format_html("{}{}", described, source_display("caption", "")(item))
        if item.kind == Kind.SUBHEADING:
            return source_display("heading", "")(item)
        return source_display("text", "")(item)
