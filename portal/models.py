import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Left out of the history (django-reversion): restoring an old version must not restore
# its save time, its saver or its version token, or an editor's stale form could slip
# past the conflict check; a restore gets fresh values from the defaults below. Search
# vectors are derived, and rebuilt after a restore.
UNVERSIONED_FIELDS = ("modified_at", "modified_by", "version", "search_ru", "search_en")


class EditorialModel(models.Model):
    """Content that editors change in the admin: when and by whom, and a version token
    that changes on every save, so that two editors' saves of one record notice each
    other (optimistic locking)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), default=timezone.now, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.UUIDField(_("version"), default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.modified_at = timezone.now()
        self.version = uuid.uuid4()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "modified_at", "version"}
        super().save(*args, **kwargs)
