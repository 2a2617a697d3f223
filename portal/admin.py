"""What every content admin of the portal shares: tabs per language (modeltranslation),
history with diffs and restore (django-reversion), no lost edits (optimistic locking) and
the translators' view (translations.admin)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from portal.history import Change, field_changes, versions_of
from translations.admin import TranslationAdminMixin

admin.site.site_header = _("Moscow Innovation News: newsroom")
admin.site.site_title = _("Newsroom")


class EditorialForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened,
    and keeps everything the editor typed so they can compare and save again."""

    # The version of the record this form was opened on.
    loaded_version = forms.UUIDField(widget=forms.HiddenInput, required=False)
    check_conflicts = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.check_conflicts:
            self._check_for_conflict(cleaned_data.get("loaded_version"))
        return cleaned_data

    def _check_for_conflict(self, expected_version) -> None:
        # Locked until the admin's transaction ends, so no save can slip in between.
        saved = (
            type(self.instance)
            ._default_manager.select_for_update(of=("self",))
            .select_related("modified_by")
            .get(pk=self.instance.pk)
        )
        if saved.version == expected_version:
            return
        # The next save is a deliberate one, made after seeing this message.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(saved.version)
        saver = saved.modified_by
        saved_at = timezone.localtime(saved.modified_at)
        raise ValidationError(
            _(
                "%(name)s saved this %(model)s at %(time)s, after you opened it. Nothing of "
                "yours has been saved: your changes are still in the form below. Compare them "
                "with the saved version (open it in another tab), then save again to keep yours."
            ),
            code="conflict",
            params={
                "name": (saver.get_full_name() or saver.get_username()) if saver else _("Someone"),
                "model": self.instance._meta.verbose_name,
                "time": formats.date_format(saved_at, "DATETIME_FORMAT"),
            },
        )


class PortalAdmin(TranslationAdminMixin, VersionAdmin, TabbedTranslationAdmin):
    form = EditorialForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    object_history_template = "admin/portal/object_history.html"

    class Media:
        js = ["js/admin-tabs.js"]
        css = {"all": ["css/admin.css"]}

    def save_model(self, request, obj, form, change):
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring an old version is a deliberate overwrite, not a conflict.
        request.restoring_version = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "restoring_version", False):
            form = type(form.__name__, (form,), {"check_conflicts": False})
        return form

    # History

    def version_changes(self, older, newer) -> list[Change]:
        """What changed from the ``older`` version to the ``newer`` one."""
        return field_changes(self.model, older.field_dict, newer.field_dict)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            versions = list(versions_of(obj))
            opts = self.model._meta
            history = [
                {
                    "revision": newer.revision,
                    "changes": self.version_changes(older, newer) if older else None,
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                        args=[obj.pk, newer.pk],
                    ),
                }
                for newer, older in zip(
                    versions, [*versions[1:], None][: len(versions)], strict=True
                )
            ]
            extra_context = {**(extra_context or {}), "history": history}
        return super().history_view(request, object_id, extra_context)
