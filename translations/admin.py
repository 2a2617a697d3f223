"""The translator's admin: every English field beside its Russian source, the status of
each field and item, and a server that accepts English from translators and nothing else."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from core.admin import EditorialAdmin, reads_only
from core.history import text_diff
from core.languages import LANGUAGES
from core.rich_text import RichTextField, plain_text, render
from core.roles import display_name, translates_only
from translations import xliff
from translations.models import FieldTranslation, Status
from translations.services import confirm_translations, give_english_slug
from translations.status import field_states, item_states, needs, overall, progress, tracked_fields


class RefuseOtherFieldsMixin:
    """For translators: a request that sends any field but the English ones is refused,
    with an error naming them, and changes nothing. Hiding them in the form is not enough."""

    refused_fields: tuple[str, ...] = ()
    #: What the error calls a refused field, when not its name.
    refused_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translators see each English field beside its Russian source, not in language
        # tabs: without modeltranslation's "mt" classes its script leaves the fields alone.
        for form_field in self.fields.values():
            classes = form_field.widget.attrs.get("class", "").split()
            form_field.widget.attrs["class"] = " ".join(
                c for c in classes if not c.startswith("mt")
            )

    def clean(self):
        cleaned_data = super().clean()
        sent = [
            str(self.refused_labels.get(name, name))
            for name in self.refused_fields
            if self._was_sent(name)
        ]
        if sent:
            raise ValidationError(
                _(
                    "Translators may change only the English text. Refused, because the "
                    "request changes: %(fields)s."
                ),
                code="not_english",
                params={"fields": ", ".join(sent)},
            )
        return cleaned_data

    def _was_sent(self, name: str) -> bool:
        key = self.add_prefix(name)
        # Split widgets (a date and a time) send name_0 and name_1.
        return any(sent == key or sent in (f"{key}_0", f"{key}_1") for sent in self.data)


def refused_fields(model, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every field of ``model`` a form could change except its English text and
    ``allowed``. Slugs are addresses, not text: an English slug is made once, from the
    English, and only editors change it."""
    english = {f"{field}_en" for field in tracked_fields(model)}
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and field.concrete
        and not field.auto_created
        and field.name not in english
        and field.name not in allowed
    )


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(needs(queryset.model, Status(self.value())))
        return queryset


def source_display(field: str, label: str):
    """A read-only admin field: the Russian of ``field`` as the translator needs it, with
    what changed since the English was written and who wrote that English."""

    def display(obj):
        state = next((state for state in field_states(obj) if state.field == field), None)
        if state is None:
            return "—"
        rich = isinstance(obj._meta.get_field(field), RichTextField)
        if rich:
            # As the reader will read it (sanitised on its way in and again by render),
            # with the markup the English should carry too, shown by the stylesheet.
            source = render(state.russian)
            words = [plain_text(text) for text in (state.translated_from, state.russian)]
        else:
            source = mark_safe(linebreaks(state.russian, autoescape=True))  # escaped
            words = [state.translated_from, state.russian]
        html = format_html(
            '<div class="source-text{}" lang="ru">{}</div>',
            " source-text--rich" if rich else "",
            source,
        )
        if state.status == Status.OUTDATED:
            html += format_html(
                '<div class="source-changed"><strong>{}</strong><div lang="ru">{}</div></div>',
                _("The Russian changed since the English was written:"),
                text_diff(*words),
            )
        if state.record is not None:
            html += format_html(
                '<p class="help">{} {}, {}</p>',
                _("English by"),
                display_name(state.record.translated_by) or _("the portal's import"),
                formats.date_format(
                    timezone.localtime(state.record.translated_at), "DATETIME_FORMAT"
                ),
            )
        return html

    display.short_description = label
    return display


def works_as_translator(request, model) -> bool:
    """Gets the translator's form for ``model``'s records: may translate them but not edit
    them (and is not reading an old version, which is read only for everyone)."""
    return translates_only(request.user, model) and not reads_only(request)


class TranslationAdminMixin:
    """Translation status for everyone; the translator's view for members of Translators."""

    #: Fields translators may set besides the English text (Article: english_ready).
    translator_extra_fields: tuple[str, ...] = ()
    #: The translated field each language's slug is made from (a headline, a name).
    slugs_from: str | None = None
    #: What to prefetch so that the status column needs no query per row.
    translation_prefetch: tuple[str, ...] = ("translation_records",)
    actions = ["export_for_translation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in tracked_fields(self.model):
            label = format_lazy("{} [ru]", self.model._meta.get_field(field).verbose_name)
            setattr(self, f"russian_{field}", source_display(field, label))

    def is_translator(self, request) -> bool:
        return works_as_translator(request, self.model)

    # Permissions. "change" opens the change form, also to translators (who get their
    # own form); "translate" is either role's.

    def has_translate_permission(self, request, obj=None):
        return self.has_edit_permission(request, obj) or self.is_translator(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.is_translator(request)

    # Status in lists

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*self.translation_prefetch)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_status"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStatusFilter]

    @admin.display(description=_("translation"))
    def translation_status(self, obj):
        states = item_states(obj)
        status = overall(states)
        done, total = progress(states)
        return format_html(
            '<span class="translation-status translation-status--{}">{}</span> {}/{}',
            status,
            status.label,
            done,
            total,
        )

    @admin.action(
        description=_("Export the missing and outdated English for translation (XLIFF)"),
        permissions=["translate"],
    )
    def export_for_translation(self, request, queryset):
        return xliff.download(list(queryset), by=request.user)

    # The translator's form

    def get_fieldsets(self, request, obj=None):
        if not self.is_translator(request):
            return super().get_fieldsets(request, obj)
        outdated = {
            state.field
            for state in (field_states(obj) if obj else [])
            if state.status == Status.OUTDATED
        }
        rows = []
        for field in tracked_fields(self.model):
            row = [f"russian_{field}", f"{field}_en"]
            if field in outdated:
                row.append(f"reviewed_{field}")
            rows.append(tuple(row))
        if "slug" in self._translated_fields():
            rows.append(("slug_ru", "slug_en"))
        return [(None, {"fields": [*rows, *self.translator_extra_fields, "loaded_version"]})]

    def get_readonly_fields(self, request, obj=None):
        if not self.is_translator(request):
            return super().get_readonly_fields(request, obj)
        readonly = [f"russian_{field}" for field in tracked_fields(self.model)]
        if "slug" in self._translated_fields():
            readonly += ["slug_ru", "slug_en"]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if self.is_translator(request):
            return {}  # the English slug is made when the English is first saved
        if self.slugs_from:
            return {f"slug_{code}": [f"{self.slugs_from}_{code}"] for code in LANGUAGES}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.is_translator(request):
            reviewed = {
                f"reviewed_{state.field}": forms.BooleanField(
                    label=_("The English still fits the new Russian"), required=False
                )
                for state in (field_states(obj) if obj else [])
                if state.status == Status.OUTDATED
            }
            refused = {
                name: self.model._meta.get_field(name).verbose_name
                for name in refused_fields(self.model, self.translator_extra_fields)
            }
            # The lists a translator's form leaves out (an article's organisations) are
            # refused too, not just ignored, when a forged request sends them.
            for inline_class in self.inlines:
                if not getattr(inline_class, "translatable", False):
                    inline = inline_class(self.model, self.admin_site)
                    prefix = inline.get_formset(request, obj).get_default_prefix()
                    refused[f"{prefix}-TOTAL_FORMS"] = inline.verbose_name_plural
            kwargs["form"] = type(
                "TranslatorForm",
                (RefuseOtherFieldsMixin, self.form),
                {**reviewed, "refused_fields": tuple(refused), "refused_labels": refused},
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if self.is_translator(request):
            return [inline for inline in inlines if getattr(inline, "translatable", False)]
        return inlines

    def save_model(self, request, obj, form, change):
        # The save records the English it changes (translations.provenance).
        if self.slugs_from:
            give_english_slug(obj, source_field=f"{self.slugs_from}_en")
        super().save_model(request, obj, form, change)
        reviewed = [
            name.removeprefix("reviewed_")
            for name, value in form.cleaned_data.items()
            if name.startswith("reviewed_") and value
        ]
        confirm_translations(obj, by=request.user, fields=reviewed)

    def _translated_fields(self):
        return translator.get_options_for_model(self.model).fields


class TranslatedContentAdmin(TranslationAdminMixin, EditorialAdmin):
    """The admin of translated content: the editorial admin with the translators' view."""


@admin.register(FieldTranslation)
class FieldTranslationAdmin(admin.ModelAdmin):
    """Provenance, read only: who translated which field, from which Russian, when."""

    list_display = ["__str__", "translated_by", "translated_at"]
    list_filter = ["content_type", "translated_by"]
    list_select_related = ["content_type", "translated_by"]
    search_fields = ["field", "source_text"]
    date_hierarchy = "translated_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
