"""What changed between two saved versions (django-reversion), as editors read it."""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from portal.models import UNVERSIONED_FIELDS

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


def _display(field: models.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def field_changes(model: type[models.Model], older: dict, newer: dict) -> list[Change]:
    """The fields whose values differ between two versions' ``field_dict``."""
    changes = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in UNVERSIONED_FIELDS:
            continue
        old, new = older.get(field.attname), newer.get(field.attname)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        old_text, new_text = _display(field, old), _display(field, new)
        if field.is_relation or field.choices:
            diff = format_html("<del>{}</del> <ins>{}</ins>", old_text, new_text)
        else:
            diff = text_diff(old_text, new_text)
        changes.append(Change(label=str(field.verbose_name), diff=diff))
    return changes


def versions_of(obj: models.Model):
    """Every saved version of ``obj``, newest first, with their revisions and users."""
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )
