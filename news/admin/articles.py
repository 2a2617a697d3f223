"""The article's admin: its form, body and organisations together, publishing from the
list, previews in each language, and the body in the history."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from reversion.models import Version

from core.conflicts import is_number
from core.history import Change, Snapshot
from core.roles import may_edit
from images.models import Image
from news import services
from news.admin.authors import ArticleAuthorInline
from news.admin.body import BodyItemInline
from news.admin.corrections import CorrectionInline
from news.admin.forms import ArticleForm
from news.admin.organisations import ArticleOrganisationInline
from news.history import body_changes, corrections_changes
from news.models import TRANSLATION_PREFETCH, Article, BodyItem
from news.views import preview_url
from translations.admin import TranslatedContentAdmin


@admin.register(Article)
class ArticleAdmin(TranslatedContentAdmin):
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
    list_filter = ["status", "english_ready", "section", "organisations"]
    list_select_related = ["modified_by"]
    autocomplete_fields = ["lead_image", "section", "tags"]
    search_fields = ["headline_ru", "headline_en", "lead_ru", "lead_en"]
    date_hierarchy = "published_at"
    slugs_from = "headline"
    inlines = [BodyItemInline, ArticleAuthorInline, ArticleOrganisationInline, CorrectionInline]
    actions = [*TranslatedContentAdmin.actions, "publish_now", "return_to_draft"]
    change_form_template = "admin/news/article/change_form.html"
    translator_extra_fields = ("english_ready",)
    translation_prefetch = TRANSLATION_PREFETCH
    fieldsets = [
        (None, {"fields": ["headline", "lead", "slug", "loaded_version"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (_("Lead image"), {"fields": ["lead_image"]}),
        (_("Section and tags"), {"fields": ["section", "tags"]}),
        (
            _("Search engines"),
            {
                "fields": ["seo_title", "seo_description"],
                "classes": ["collapse"],
                "description": _("Leave empty to use the headline and the lead."),
            },
        ),
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
        state = article.publication_state
        return format_html(
            '<span class="article-status article-status--{}">{}</span>', state.value, state.label
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

    def why_not_restorable(self, version: Version) -> str:
        images = {
            data["image_id"]
            for data in Snapshot.of(version).kept(BodyItem).values()
            if data.get("image_id")
        }
        gone = images - set(Image.objects.filter(pk__in=images).values_list("pk", flat=True))
        if gone:
            return _(
                "This version shows an image that has since been deleted from the media "
                "library, so it cannot be restored as it was. Restore a later version, or "
                "add the image again and rebuild the block."
            )
        return ""

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not may_edit(request.user, Article):
            return  # a translator's save: the English, nothing else
        # After every inline: the organisations' own rows are saved by then.
        added = services.list_quoted_organisations(form.instance)
        if added:
            self.message_user(
                request,
                ngettext(
                    "The organisation of a quoted official is now listed: %(names)s.",
                    "The organisations of quoted officials are now listed: %(names)s.",
                    len(added),
                )
                % {"names": ", ".join(str(organisation) for organisation in added)},
                messages.INFO,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if is_number(object_id):  # anything else is the admin's "no such article"
            extra_context = {
                **(extra_context or {}),
                "preview_links": [
                    (name, preview_url(object_id, language))
                    for language, name in settings.LANGUAGES
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    # History: the body is part of an article's versions.

    def version_changes(self, older: Snapshot, newer: Snapshot) -> list[Change]:
        return [
            *super().version_changes(older, newer),
            *body_changes(older, newer),
            *corrections_changes(older, newer),
        ]
