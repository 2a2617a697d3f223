from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.admin import TranslationStackedInline
from reversion.models import Version

from news import services
from news.history import body_changes
from news.models import TRANSLATION_PREFETCH, Article, ArticleOrganisation, BodyItem
from partners.models import Official, Quote
from portal.admin import AutocompleteSelect, EditorialForm, PortalAdmin, SafeAutocompleteMixin
from portal.conflicts import RemembersOpenedValues, is_number
from portal.history import Change, Snapshot
from portal.roles import translates_only
from translations.admin import RefuseOtherFieldsMixin, reads_only, source_display
from translations.models import Status
from translations.services import record_translations
from translations.status import field_states, untranslated


class BodyItemForm(RemembersOpenedValues, forms.ModelForm):
    """One step of the body: a paragraph, or a quote with the official who said it.

    A quote's text and official live in ``partners.Quote``; the editor writes them here,
    where they stand in the article, and the form keeps the quote in step.
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
        replaced_quote = None
        if self.is_quote:
            quote = item.quote if item.quote_id else Quote(article=item.article)
            quote.official = self.cleaned_data["official"]
            quote.text_ru = self.cleaned_data["quote_text_ru"]
            quote.text_en = self.cleaned_data["quote_text_en"]
            quote.modified_by = getattr(self, "editor", None)
            quote.save()
            item.quote, item.text_ru, item.text_en = quote, "", ""
        elif item.quote_id:
            replaced_quote, item.quote = item.quote, None
        # item.position is already final: the formset numbers the items before saving them.
        if commit:
            item.save()
            if replaced_quote is not None:
                replaced_quote.delete()  # a quote that no longer stands in any text
            self._record_english(item)
        return item

    def _record_english(self, item: BodyItem) -> None:
        editor = getattr(self, "editor", None)
        if item.quote_id and "quote_text_en" in self.changed_data:
            record_translations(item.quote, by=editor, fields=["text"])
        elif not item.quote_id and "text_en" in self.changed_data:
            record_translations(item, by=editor, fields=["text"])


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

    class Meta:
        model = BodyItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["english"] = self.part().text_en
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
        if commit and ("english" in self.changed_data or self.cleaned_data.get("reviewed")):
            part = self.part()
            part.text_en = self.cleaned_data["english"]
            if hasattr(part, "modified_by"):
                part.modified_by = getattr(self, "editor", None)
            part.save()
            record_translations(part, by=getattr(self, "editor", None), fields=["text"])
        return item


def untranslated_partners_error(partners) -> ValidationError:
    return ValidationError(
        _(
            "The English version cannot be ready while the article names partners whose "
            "English is missing: %(partners)s. Translate them first."
        ),
        code="partners_untranslated",
        params={"partners": ", ".join(str(partner) for partner in partners)},
    )


class ReadinessCheckedFormSet(BaseInlineFormSet):
    """Rows of an article that name partners (organisations, quoted officials): while its
    English is being marked ready, every partner they name needs its English, those added
    in the same save included (``ArticleForm`` checks the ones already stored)."""

    def marking_ready(self) -> bool:
        # Checked when the English is being marked ready. Once it is, the Russian may grow
        # ahead of it: English readers keep the translated text, translators see the gap.
        return bool(self.data.get("english_ready")) and not (
            Article.objects.filter(pk=self.instance.pk, english_ready=True).exists()
        )

    def partners_named_by(self, form) -> list:
        return []

    def clean(self):
        super().clean()
        if not self.marking_ready():
            return
        named = [
            partner
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            for partner in self.partners_named_by(form)
        ]
        unnamed = untranslated(named)
        if unnamed:
            raise untranslated_partners_error(unnamed)


class ArticleOrganisationFormSet(ReadinessCheckedFormSet):
    def partners_named_by(self, form) -> list:
        organisation = form.cleaned_data.get("organisation")
        return [organisation] if organisation else []


class BodyFormSet(ReadinessCheckedFormSet):
    def partners_named_by(self, form) -> list:
        official = form.cleaned_data.get("official")
        if official is None and form.instance.quote_id:
            official = form.instance.quote.official  # a translator's row
        return [official, official.organisation] if official else []

    def clean(self):
        super().clean()
        if not self.marking_ready():
            return
        untranslated = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.english_text()
        ]
        if untranslated:
            raise ValidationError(
                ngettext(
                    "The English version cannot be ready: %(count)d paragraph or quote has no "
                    "English yet.",
                    "The English version cannot be ready: %(count)d paragraphs or quotes have no "
                    "English yet.",
                    len(untranslated),
                ),
                params={"count": len(untranslated)},
                code="english_missing",
            )

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
        return translates_only(request.user, BodyItem) and not reads_only(request)

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


class ArticleForm(EditorialForm):
    def clean(self):
        data = super().clean()
        if data.get("status") == Article.Status.PUBLISHED and not data.get("published_at"):
            # The instance is still as stored: a public article keeps its date.
            data["published_at"] = services.publication_date(article=self.instance)
        if data.get("english_ready") and "english_ready" in self.changed_data:
            missing = [
                str(Article._meta.get_field(f"{field}_en").verbose_name)
                for field in Article.REQUIRED_ENGLISH
                if f"{field}_en" in self.fields and not data.get(f"{field}_en")
            ]
            if missing:
                self.add_error(
                    "english_ready",
                    _("The English version cannot be ready while these are empty: %(fields)s.")
                    % {"fields": ", ".join(missing)},
                )
            unnamed = untranslated(self.instance.named_partners()) if self.instance.pk else []
            if unnamed:
                self.add_error("english_ready", untranslated_partners_error(unnamed))
        return data


@admin.register(Article)
class ArticleAdmin(PortalAdmin):
    accusative_name = pgettext_lazy("accusative", "article")
    form = ArticleForm
    list_display = [
        "headline",
        "state_badge",
        "published_at",
        "english_ready",
        "modified_at",
        "modified_by",
    ]
    list_filter = ["status", "english_ready", "organisations"]
    list_select_related = ["modified_by"]
    search_fields = ["headline_ru", "headline_en", "lead_ru", "lead_en"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug_ru": ["headline_ru"], "slug_en": ["headline_en"]}
    inlines = [BodyItemInline, ArticleOrganisationInline]
    actions = [*PortalAdmin.actions, "publish_now", "return_to_draft"]
    change_form_template = "admin/news/article/change_form.html"
    translator_extra_fields = ("english_ready",)
    translation_prefetch = TRANSLATION_PREFETCH
    fieldsets = [
        (None, {"fields": ["headline", "lead", "slug", "loaded_version"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (
            _("Publication"),
            {
                "fields": ["status", "published_at", "english_ready"],
                "description": _(
                    "Published with a date in the future, the article appears on its own at "
                    "that moment. Times are Moscow time. Published without a date: now."
                ),
            },
        ),
    ]

    @admin.display(description=_("state"), ordering="status")
    def state_badge(self, article: Article):
        labels = {"draft": _("draft"), "scheduled": _("scheduled"), "published": _("published")}
        state = article.publication_state
        return format_html(
            '<span class="article-status article-status--{}">{}</span>', state, labels[state]
        )

    @admin.action(description=_("Publish the selected articles now"), permissions=["edit"])
    def publish_now(self, request, queryset):
        for article in queryset:
            services.publish_article(article=article, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["edit"])
    def return_to_draft(self, request, queryset):
        for article in queryset:
            services.unpublish_article(article=article, by=request.user)
        self.message_user(request, _("The selected articles are drafts again."), messages.SUCCESS)

    def before_restore(self, version: Version) -> None:
        # django-reversion deletes what the old version did not have, but in no set order:
        # a quote could go before the body item that places it, which the database
        # refuses. Body items go first, in the restore's transaction.
        kept = version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(BodyItem)
        ).values_list("object_id", flat=True)
        BodyItem.objects.filter(article_id=version.object_id).exclude(
            pk__in=[int(pk) for pk in kept]
        ).delete()

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.editor = request.user
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if is_number(object_id):  # anything else is the admin's "no such article"
            extra_context = {
                **(extra_context or {}),
                "preview_links": self.preview_links(object_id),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def preview_links(object_id) -> list[tuple[str, str]]:
        """The staff preview of the article as a reader will see it, in each language."""
        links = []
        for language, name in settings.LANGUAGES:
            with translation.override(language):
                links.append((name, reverse("news:preview", kwargs={"pk": object_id})))
        return links

    # History: the body is part of an article's versions.

    def version_changes(self, older: Snapshot, newer: Snapshot) -> list[Change]:
        return [*super().version_changes(older, newer), *body_changes(older, newer)]
