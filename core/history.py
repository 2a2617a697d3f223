"""What changed between two saved versions (django-reversion), as editors read it."""

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.translator import translator
from reversion.models import Version

from core.models import UNVERSIONED_FIELDS
from core.rich_text import RichTextField, plain_text

_TOKENS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> SafeString:
    """``new`` with the words that differ from ``old`` marked as ``<del>`` and ``<ins>``."""
    old_words, new_words = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(old_words[old_start:old_end]))
        added = escape("".join(new_words[new_start:new_end]))
        if operation == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # every piece was escaped above


@dataclass(frozen=True)
class Change:
    label: str
    diff: SafeString


@dataclass(frozen=True)
class Snapshot:
    """An object as one revision holds it, with what its history keeps along with it (an
    article's body and quotes)."""

    pk: int
    fields: dict[str, Any]
    revision_versions: tuple[Version, ...]

    @classmethod
    def of(cls, version: Version) -> "Snapshot":
        return cls(
            pk=int(version.object_id),
            fields=version.field_dict,
            revision_versions=tuple(version.revision.version_set.all()),
        )

    def kept(self, model: type[models.Model]) -> dict[int, dict]:
        """The fields of every ``model`` object in the revision, by primary key."""
        content_type = ContentType.objects.get_for_model(model)
        return {
            int(version.object_id): version.field_dict
            for version in self.revision_versions
            if version.content_type_id == content_type.pk
        }


def versions_of(obj: models.Model):
    """Every saved version of ``obj``, newest first, with their revisions and users."""
    return (
        Version.objects.get_for_object(obj)
        .select_related("content_type", "revision__user")
        .prefetch_related("revision__version_set__content_type")
        .order_by("-revision__date_created", "-pk")
    )


def current_snapshot(obj: models.Model) -> Snapshot:
    """``obj`` as it is now, kept as django-reversion would keep it in a new version: the
    current content may have been saved without one (``load_content``, a script)."""
    # Stored and rolled back, as django-reversion's own revision view reverts and rolls
    # back: its serialisation and its ``follow`` rules, not a copy of them.
    with transaction.atomic():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
        # The highest number, not the latest date: a clock may have been set back.
        snapshot = Snapshot.of(versions_of(obj).order_by("-pk").first())
        transaction.set_rollback(True)
    return snapshot


def _history_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields an editor reads in the history. A translated field is listed in each
    language (headline_ru, headline_en), as in the admin's tabs; never modeltranslation's
    original field (headline), which only repeats one of them."""
    originals = (
        translator.get_options_for_model(model).all_fields
        if model in translator.get_registered_models()
        else {}
    )
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.name in UNVERSIONED_FIELDS or field.name in originals)
    ]


def _value(field: models.Field, value):
    """A stored value as the field's value. A moment to the second, the finest an editor
    enters: the admin's form drops the fraction that ``timezone.now()`` has."""
    try:
        value = field.to_python(value)
    except ValidationError:  # stored before the field changed type: compare as stored
        return value
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)
    return None if value == "" else value


def _moment(value: datetime | date, *, seconds: bool = False) -> str:
    """A date as the editor reads it: in their language and time zone."""
    if not isinstance(value, datetime):
        return formats.date_format(value, "DATE_FORMAT")
    value = timezone.localtime(value)
    if seconds:
        day = formats.date_format(value, "DATE_FORMAT")
        return f"{day} {formats.time_format(value, 'H:i:s')}"
    return formats.date_format(value, "DATETIME_FORMAT")


def _display(field: models.Field, value) -> str:
    if value is None:
        return ""
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, RichTextField):
        return plain_text(str(value))  # its words: a diff of tags says nothing to a reader
    return str(value)


def field_changes(model: type[models.Model], older: dict, newer: dict) -> list[Change]:
    """The fields whose values differ between two versions' ``field_dict``."""
    changes = []
    for field in _history_fields(model):
        old = _value(field, older.get(field.attname))
        new = _value(field, newer.get(field.attname))
        if old == new:
            continue
        if isinstance(old or new, date):
            # Two moments in the same minute differ in their seconds: show them.
            seconds = bool(old and new) and _moment(old) == _moment(new)
            diff = _replaced(*(_moment(v, seconds=seconds) if v else "" for v in (old, new)))
        elif field.is_relation or field.choices:
            diff = _replaced(_display(field, old), _display(field, new))
        else:
            diff = text_diff(_display(field, old), _display(field, new))
        changes.append(Change(label=str(field.verbose_name), diff=diff))
    return changes


def _replaced(old: str, new: str) -> SafeString:
    """One value for another, whole: a date or a choice is not read word by word."""
    return format_html(
        "{}{}{}",
        format_html("<del>{}</del>", old) if old else "",
        " " if old and new else "",
        format_html("<ins>{}</ins>", new) if new else "",
    )
