"""The translation status of every field and item, read from the records of
``FieldTranslation``: missing, outdated, up to date."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from modeltranslation.translator import translator

from translations.models import FieldTranslation, Status

# Identifiers, not text: an English slug is made from the English headline.
UNTRACKED_FIELDS = {"slug"}
SEVERITY = [Status.MISSING, Status.OUTDATED, Status.UP_TO_DATE]


@cache
def tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The translated text fields of ``model`` whose English translators look after."""
    fields = translator.get_options_for_model(model).fields
    # In the order the model declares them: a form reads headline, then lead.
    return tuple(
        field.name
        for field in model._meta.fields
        if field.name in fields and field.name not in UNTRACKED_FIELDS
    )


@dataclass(frozen=True)
class FieldState:
    obj: models.Model
    field: str
    status: Status
    russian: str
    english: str
    record: FieldTranslation | None

    @property
    def label(self) -> str:
        return str(self.obj._meta.get_field(self.field).verbose_name)

    @property
    def translated_from(self) -> str:
        """The Russian the English was made from: the old text of an outdated field."""
        return self.record.source_text if self.record else ""


def field_states(obj: models.Model, records: "RecordIndex | None" = None) -> list[FieldState]:
    """Each tracked field of ``obj`` that has Russian text, with its status.

    Its records come from ``records`` (see ``load_records``) or, without it, from
    ``obj.translation_records``: prefetch that when listing many objects.
    """
    if records is None:
        own = {record.field: record for record in obj.translation_records.all()}
    else:
        own = records.get(_key(obj), {})
    states = []
    for field in tracked_fields(type(obj)):
        russian = getattr(obj, f"{field}_ru") or ""
        if not russian:
            continue
        english = getattr(obj, f"{field}_en") or ""
        record = own.get(field)
        if not english:
            status = Status.MISSING
        elif record is not None and record.source_text != russian:
            status = Status.OUTDATED
        else:
            status = Status.UP_TO_DATE
        states.append(FieldState(obj, field, status, russian, english, record))
    return states


def item_states(obj: models.Model, records: "RecordIndex | None" = None) -> list[FieldState]:
    """The fields of an item as a translator works on it: an article with its paragraphs
    and quotes, any other record on its own."""
    states = field_states(obj, records)
    for part in getattr(obj, "translation_parts", list)():
        states += field_states(part, records)
    return states


def untranslated(partners) -> list[models.Model]:
    """Those of ``partners`` (an article's, ``Article.named_partners``) whose English is
    missing in some field: the article's English cannot be ready before they are
    translated."""
    return [
        partner
        for partner in dict.fromkeys(partners)
        if any(state.status == Status.MISSING for state in field_states(partner))
    ]


def overall(states: list[FieldState]) -> Status:
    """The item's status: its least finished field's."""
    present = {state.status for state in states}
    return next((status for status in SEVERITY if status in present), Status.UP_TO_DATE)


def progress(states: list[FieldState]) -> tuple[int, int]:
    """(fields translated and up to date, fields to translate)."""
    return sum(state.status == Status.UP_TO_DATE for state in states), len(states)


# The same rules in SQL, for list filters and the dashboard.


def _empty(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def _missing(model: type[models.Model]) -> Q:
    condition = Q(pk__in=[])
    for field in tracked_fields(model):
        condition |= Q(**{f"{field}_ru__gt": ""}) & _empty(f"{field}_en")
    return condition


def _outdated(model: type[models.Model]) -> Q:
    content_type = ContentType.objects.get_for_model(model)
    condition = Q(pk__in=[])
    for field in tracked_fields(model):
        stale_record = FieldTranslation.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), field=field
        ).exclude(source_text=OuterRef(f"{field}_ru"))
        # As field_states: a field with no Russian (deleted since) has nothing to be
        # outdated against.
        condition |= Q(**{f"{field}_ru__gt": "", f"{field}_en__gt": ""}) & Exists(stale_record)
    return condition


def _needing(model: type[models.Model], rule) -> Q:
    """Items of ``model`` meeting ``rule`` in their own fields or in their parts'."""
    condition = rule(model)
    for part_model, link in getattr(model, "translation_part_models", list)():
        parts = part_model._default_manager.filter(rule(part_model), **{link: OuterRef("pk")})
        condition |= Exists(parts)
    return condition


def needs(model: type[models.Model], status: Status) -> Q:
    """Items of ``model`` whose status is ``status``, as ``overall`` would say."""
    missing = _needing(model, _missing)
    if status == Status.MISSING:
        return missing
    if status == Status.OUTDATED:
        return _needing(model, _outdated) & ~missing
    return ~missing & ~_needing(model, _outdated)


RecordIndex = dict[tuple[int, int], dict[str, FieldTranslation]]


def _key(obj: models.Model) -> tuple[int, int]:
    return ContentType.objects.get_for_model(type(obj)).pk, obj.pk


def load_records(objects: list[models.Model]) -> RecordIndex:
    """The translation records of objects of several models, in one query."""
    wanted = Q(pk__in=[])
    for model in {type(obj) for obj in objects}:
        ids = [obj.pk for obj in objects if type(obj) is model]
        wanted |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    index: RecordIndex = {}
    for record in FieldTranslation.objects.filter(wanted) if objects else []:
        index.setdefault((record.content_type_id, record.object_id), {})[record.field] = record
    return index


@dataclass(frozen=True)
class TranslationNote:
    """What an English page says of its translation."""

    translated_at: datetime | None
    outdated: bool


def translation_note(item: models.Model) -> TranslationNote:
    """When the item was translated, and whether its Russian changed since: one query."""
    states = item_states(item, load_records([item, *item.translation_parts()]))
    times = [state.record.translated_at for state in states if state.record is not None]
    return TranslationNote(
        translated_at=max(times, default=None),
        outdated=any(state.status == Status.OUTDATED for state in states),
    )
