"""Translation provenance as a side effect of saving: a save that changes the English of a
tracked field records that this English now renders the field's Russian, by whom, when.

The English is compared with what the instance was loaded (or last saved) with, so that
the writer needs no form and no explicit call: the admin, the XLIFF import, the content
loader and a script all record the same way.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import reversion
from django.db import models
from django.db.models.signals import post_init, post_save
from modeltranslation.translator import translator

from translations.services import record_translations
from translations.status import tracked_fields

_NOT_SET = object()
_author: ContextVar = ContextVar("translation_author", default=_NOT_SET)
_LOADED = "_english_as_loaded"


@contextmanager
def translated_by(user) -> Iterator[None]:
    """Saves inside record their English as written by ``user`` (None: nobody in
    particular, as for the content the portal ships)."""
    token = _author.set(user)
    try:
        yield
    finally:
        _author.reset(token)


def _author_of_this_save() -> tuple[bool, object]:
    """(whether the save is an authored write, its author).

    "By" comes from the write's revision: every write that has an author (the admin, the
    XLIFF import, the publishing services) opens a django-reversion revision for the
    history, whose user is the author, so history and provenance name the same person
    by construction. Writes without history say who wrote with ``translated_by``. A save
    outside both (fixtures, factories, a repair in a shell) claims nothing about who
    translated what, and records nothing, as before provenance was a side effect.
    """
    explicit = _author.get()
    if explicit is not _NOT_SET:
        return True, explicit
    if reversion.is_active():
        return True, reversion.get_user()
    return False, None


def _english(instance: models.Model) -> dict[str, str | None]:
    # From __dict__, not getattr: a deferred field would cost a query per instance.
    return {
        field: instance.__dict__.get(f"{field}_en", _NOT_SET)
        for field in tracked_fields(type(instance))
    }


def remember_loaded_english(sender, instance, **kwargs) -> None:
    setattr(instance, _LOADED, _english(instance))


def record_changed_english(sender, instance, created, raw, update_fields, **kwargs) -> None:
    current = _english(instance)
    loaded = getattr(instance, _LOADED, {})
    setattr(instance, _LOADED, current)
    # Raw saves are restores (django-reversion's, a backup's fixtures): they put back
    # English with its own history, which its old record, not the restorer, accounts for.
    authored, by = _author_of_this_save()
    if raw or not authored:
        return
    changed = [
        field
        for field, english in current.items()
        if english is not _NOT_SET
        and (update_fields is None or f"{field}_en" in update_fields)
        and (created or loaded.get(field, _NOT_SET) != english)
    ]
    if changed:
        record_translations(instance, by=by, fields=changed)


def connect() -> None:
    """Follow every model with translated text (called from ``TranslationsConfig.ready``)."""
    for model in translator.get_registered_models(abstract=False):
        if tracked_fields(model):
            post_init.connect(remember_loaded_english, sender=model, weak=False)
            post_save.connect(record_changed_english, sender=model, weak=False)
