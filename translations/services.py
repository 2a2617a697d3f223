"""Writes of the translation workflow: each is one transaction."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from translations.models import FieldTranslation
from translations.status import tracked_fields


@transaction.atomic
def record_translations(obj: models.Model, *, by, fields: Iterable[str]) -> None:
    """Note that the English of ``fields`` of ``obj`` now renders its current Russian: by
    ``by``, now. An outdated field becomes up to date."""
    content_type = ContentType.objects.get_for_model(obj)
    for field in fields:
        if field not in tracked_fields(type(obj)) or not getattr(obj, f"{field}_en"):
            continue
        FieldTranslation.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            field=field,
            defaults={
                "source_text": getattr(obj, f"{field}_ru") or "",
                "translated_by": by,
                "translated_at": timezone.now(),
            },
        )


def english_fields_changed(form) -> list[str]:
    """The tracked fields whose English a model form changed."""
    model = form._meta.model
    return [field for field in tracked_fields(model) if f"{field}_en" in form.changed_data]
