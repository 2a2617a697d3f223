"""Writes of the translation workflow: each is one transaction."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from core import old_slugs
from translations.models import FieldTranslation
from translations.status import tracked_fields


@transaction.atomic
def record_translations(obj: models.Model, *, by, fields: Iterable[str]) -> None:
    """Note that the English of ``fields`` of ``obj`` now renders its current Russian: by
    ``by``, now. An outdated field becomes up to date.

    A save that changes the English records it on its own (``translations.provenance``);
    call this only for what no save shows: ``confirm_translations``."""
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


def confirm_translations(obj: models.Model, *, by, fields: Iterable[str]) -> None:
    """A translator's word that the English of ``fields``, unchanged, still fits the new
    Russian: nothing in ``obj`` changes, so no save can tell; the record is renewed."""
    record_translations(obj, by=by, fields=fields)


def unique_english_slug(obj: models.Model, text: str) -> str:
    """A slug made from the English ``text``, unique among English slugs."""
    base = slugify(text)[:200] or f"{obj._meta.model_name}-{obj.pk}"
    slug, number = base, 2
    # Nor an old English address of another record, which would end its redirect.
    while type(obj)._default_manager.filter(slug_en=slug).exclude(
        pk=obj.pk
    ).exists() or old_slugs.leads_elsewhere(obj, "en", slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def give_english_slug(obj: models.Model, *, source_field: str) -> None:
    """An object translated for the first time gets its English address, made from the
    English of ``source_field`` (a headline, a name); one it has is never changed."""
    text = getattr(obj, source_field)
    if not obj.slug_en and text:
        obj.slug_en = unique_english_slug(obj, text)
