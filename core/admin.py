"""What every content admin of the portal shares: tabs per language (modeltranslation),
history with diffs and restore (django-reversion), no lost edits (optimistic locking). It
knows no app: the translators' view is added by ``translations.admin``."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin
from reversion.models import Version

from core import conflicts, old_slugs, registry
from core.audit import Event, record
from core.conflicts import VERSION_FIELD, RemembersOpenedValues, is_number
from core.history import Change, Snapshot, current_snapshot, field_changes, versions_of
from core.models import OldSlug
from core.roles import may_edit

# Django's admin messages as this project words them. Its Russian puts a model's name in
# a sentence whose verb agrees with a masculine noun ("статья … был изменен"); ours do
# not depend on the noun's gender. Listed here so that they stay in our catalogue, which
# takes precedence over Django's.
ADMIN_MESSAGES = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Add another %(verbose_name)s"),
)

admin.site.site_header = _("Moscow Innovation News: newsroom")
admin.site.site_title = _("Newsroom")


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's autocomplete, which fails (500) showing again a value that is no key of
    the list, such as a forged "²": such a value is an error of the form, shown as none."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_number(v)], attr)


class SafeAutocompleteMixin:
    """For admins and inlines: their ``autocomplete_fields`` with the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EditorialForm(RemembersOpenedValues, forms.ModelForm):
    """A record's admin form. It sends back the version it was opened on and the values
    it showed, so that a save after a colleague's is merged with theirs, never over it
    (``core.conflicts``, applied by ``EditorialAdmin.changeform_view``)."""

    loaded_version = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[VERSION_FIELD] = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.edit_conflict is not None:
            raise self.edit_conflict.error
        self.refuse_addresses_of_others(cleaned_data)
        return cleaned_data

    def refuse_addresses_of_others(self, cleaned_data) -> None:
        """A slug that is another record's old address would silently end its redirect
        (``core.old_slugs``): the editor is told, and removes that redirect first."""
        sent = [field for field in old_slugs.SLUG_FIELDS if field in self.fields]
        if not sent:
            return
        slugs = {
            field: cleaned_data.get(field) if field in sent else getattr(self.instance, field)
            for field in old_slugs.SLUG_FIELDS
        }
        for language, old in old_slugs.taken_by_others(self.instance, old_slugs.addresses(slugs)):
            field = f"slug_{language}"
            if not slugs.get(field):  # the address in this language is the Russian slug
                field = f"slug_{old_slugs.SOURCE_LANGUAGE}"
            self.add_error(field if field in sent else None, taken_address_error(old))


def old_addresses_url(record_type_id: int, object_id) -> str:
    """The list of a record's old addresses, where an editor removes them."""
    query = urlencode({"content_type__id__exact": record_type_id, "object_id": object_id})
    return f"{reverse('admin:core_oldslug_changelist')}?{query}"


def taken_address_error(old: OldSlug) -> forms.ValidationError:
    language = translation.get_language_info(old.language)["name_translated"]
    return forms.ValidationError(
        format_html(
            _(
                "This address redirects to “{record}” ({language}); remove that redirect "
                'first in <a href="{url}">Old addresses</a>.'
            ),
            record=old.record,
            language=language,
            url=old_addresses_url(old.content_type_id, old.object_id),
        ),
        code="address_redirects",
    )


def reads_only(request) -> bool:
    """An old version opened by someone who may not restore it: shown read only."""
    return getattr(request, "reading_old_version", False)


class EditorialAdmin(SafeAutocompleteMixin, VersionAdmin, TabbedTranslationAdmin):
    form = EditorialForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    object_history_template = "admin/portal/object_history.html"
    change_form_template = "admin/portal/change_form.html"

    def response_action(self, request, queryset):
        """A list action this user may not run (a translator's forged "publish") is a
        403, not the admin's "No action selected", which would hide that it was refused."""
        action = request.POST.get("action")
        # Every action the admin has, before they are filtered by the user's permissions.
        known = {name for _function, name, _description in self._get_base_actions()}
        if action in known and action not in self.get_actions(request):
            raise PermissionDenied
        return super().response_action(request, queryset)

    class Media:
        js = ["js/admin-tabs.js"]
        css = {"all": ["css/admin.css"]}

    #: The model's name as the object of a verb ("Изменить статью"): Russian declines it,
    #: where Django's titles put the name as it stands.
    accusative_name = None

    # "change" opens the change form; "edit" is an editor's, for everything that changes
    # more than the English text: list actions, restoring an old version.

    def has_edit_permission(self, request, obj=None):
        return may_edit(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if reads_only(request):
            return self.has_edit_permission(request, obj)
        return super().has_change_permission(request, obj)

    def object_name(self) -> str:
        return str(self.accusative_name or self.model._meta.verbose_name)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not getattr(request, "restoring_version", False):  # reversion names its own
            if add:
                title = _("Add %s")
            elif self.has_change_permission(request, obj):
                title = _("Change %s")
            else:
                title = _("View %s")
            context["title"] = title % self.object_name()
        if obj is not None and old_slugs.kept_for(self.model):
            context["old_addresses"] = list(old_slugs.of_record(obj))
            context["old_addresses_url"] = old_addresses_url(
                ContentType.objects.get_for_model(self.model).pk, obj.pk
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        title = _("Select %s to change") if self.has_change_permission(request) else None
        extra_context = {
            "title": (title or _("Select %s to view")) % self.object_name(),
            "object_name": self.object_name(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {"object_name": self.object_name(), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show an earlier version; on POST, restore it (an editor's overwrite of every
        field, so never a translator's: they read old versions, read only)."""
        if not self.has_edit_permission(request):
            if request.method == "POST":
                raise PermissionDenied
            request.reading_old_version = True
        # Restoring an old version is a deliberate overwrite, not a conflict.
        request.restoring_version = True
        # A version of this model's record: another model's version with the same id would
        # otherwise be restored over this record.
        version = get_object_or_404(
            Version.objects.get_for_object_reference(self.model, unquote(object_id)),
            pk=version_id,
        )
        current = self.get_object(request, unquote(object_id))
        if current is not None and self.has_view_or_change_permission(request, current):
            # What a restore would change, read before django-reversion reverts the revision.
            extra_context = {
                **(extra_context or {}),
                "restore_changes": self.version_changes(
                    current_snapshot(current), Snapshot.of(version)
                ),
            }
        refusal = self.why_not_restorable(version) if request.method == "POST" else None
        if refusal:
            messages.error(request, refusal)
            return redirect(request.path)  # the version again, with why it stays as it is
        with transaction.atomic():
            self.before_restore(version)
            response = super().revision_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                record(Event.RESTORED, version.object, version=version.pk)
            else:
                transaction.set_rollback(True)  # only looked at: nothing changes
        return response

    def why_not_restorable(self, version: Version) -> str:
        """Why ``version`` cannot be restored as it was, if it cannot (a record it needs
        is gone): said to the editor instead of restoring half of it."""
        return ""

    def before_restore(self, version: Version) -> None:
        """What must go before django-reversion restores ``version`` (nothing, here)."""

    def recover_view(self, request, version_id, extra_context=None):
        # A deleted record comes back whole: an editor's job (reversion asks only "add").
        if not self.has_edit_permission(request):
            raise PermissionDenied
        # A deliberate overwrite, as a restore is: the record's version number, drawn anew
        # when django-reversion brings it back for the form, is no colleague's save.
        request.restoring_version = True
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = Version.objects.get(pk=version_id)
            record(Event.RECOVERED, version.object, version=version.pk)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        conflict = getattr(request, "edit_conflict", None)
        if conflict is not None:
            form = type(form.__name__, (form,), {"edit_conflict": conflict})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save of a record that a colleague saved after it was opened is merged with
        theirs and shown again: nothing is saved until the editor has seen the merge."""
        restoring = getattr(request, "restoring_version", False)  # a deliberate overwrite
        if request.method != "POST" or object_id is None or restoring:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            # Locked until the save is over, so that no other save slips in between.
            saved = (
                self.model._default_manager.select_for_update(of=("self",))
                .select_related("modified_by")
                .filter(pk=unquote(object_id))
                .first()
                if is_number(unquote(object_id))
                else None
            )
            if saved is not None:
                data = request.POST.copy()
                waiting = conflicts.apply_choices(data)
                request.POST = data
                if data.get(VERSION_FIELD) != str(saved.version):
                    request.edit_conflict = conflicts.merge(self, request, saved)
                elif waiting:
                    request.edit_conflict = conflicts.EditConflict.choices_pending(waiting)
                extra_context = {
                    **(extra_context or {}),
                    "edit_conflict": getattr(request, "edit_conflict", None),
                }
            return super().changeform_view(request, object_id, form_url, extra_context)

    # History

    def version_changes(self, older: Snapshot, newer: Snapshot) -> list[Change]:
        """What changed from the ``older`` version to the ``newer`` one."""
        return field_changes(self.model, older.fields, newer.fields)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            versions = list(versions_of(obj))
            snapshots = [Snapshot.of(version) for version in versions]
            opts = self.model._meta
            history = [
                {
                    "revision": version.revision,
                    "changes": self.version_changes(older, newer) if older else None,
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                        args=[obj.pk, version.pk],
                    ),
                }
                for version, newer, older in zip(
                    versions, snapshots, [*snapshots[1:], None][: len(snapshots)], strict=True
                )
            ]
            extra_context = {**(extra_context or {}), "history": history}
        return super().history_view(request, object_id, extra_context)


class OldSlugKindFilter(admin.SimpleListFilter):
    """The kinds of record that keep their old addresses (``core.old_slugs``)."""

    title = _("kind")
    parameter_name = "content_type__id__exact"

    def lookups(self, request, model_admin):
        models = [content.model for content in registry.entries() if content.keeps_old_slugs]
        kinds = ContentType.objects.get_for_models(*models)
        return [(kind.pk, model._meta.verbose_name) for model, kind in kinds.items()]

    def queryset(self, request, queryset):
        if not is_number(self.value()):
            return queryset
        return queryset.filter(content_type_id=self.value())


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    """The addresses records had before, each a permanent redirect to the record's page.
    The saves keep them; an editor may remove one (its address then answers 404, or may be
    given to another record)."""

    list_display = ("slug", "language", "content_type", "leads_to", "created_at")
    list_filter = (OldSlugKindFilter, "language")
    search_fields = ("slug",)
    list_select_related = ("content_type",)
    readonly_fields = ("content_type", "object_id", "language", "slug", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("leads to"))
    def leads_to(self, old: OldSlug):
        if old.record is None:
            return "—"
        with translation.override(old.language):
            url = old.record.get_absolute_url()
        return format_html('{} (<a href="{}">{}</a>)', old.record, url, url)
