"""Where each English field came from: the Russian it was translated from, by whom, when.

A field's status is derived from it, never stored: *missing* when the English is empty,
*outdated* when the Russian has changed since, *up to date* otherwise.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import user_reference


class Status(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    UP_TO_DATE = "up_to_date", _("up to date")


class FieldTranslation(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=100)
    source_text = models.TextField(
        _("Russian source"), blank=True, help_text=_("The Russian text the English was made from.")
    )
    translated_by = user_reference(_("translated by"))
    translated_at = models.DateTimeField(_("translated"), default=timezone.now)

    class Meta:
        verbose_name = _("field translation")
        verbose_name_plural = _("field translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="one_record_per_field"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.field}"
