"""What each kind of content is, declared once by the app that owns it.

Each app registers its models in its ``AppConfig.ready()`` (as modeltranslation's
``translation.py`` registers fields); the shared pieces read this instead of listing
models: the roles' permissions (``core.roles``), what a save does (``core.effects``:
the page cache, the search index, the history), the search (``search``) and the
translator's dashboard (``translations.views``). Adding a model is one ``register``.

This module imports no app: the apps import it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Content:
    """A model whose records the public pages show.

    Editors write it and translators read it (``edited``), or both only read it (records
    the portal writes itself). A save or delete renews the cached pages and reindexes the
    records whose search vectors hold its text (``core.effects``)."""

    model: type[models.Model]
    edited: bool = True
    translated: bool = False  # translators write its English (``translate_<model>``)
    # Its history with django-reversion, following these relations (restoring an article
    # restores its body); None: no history.
    history: tuple[str, ...] | None = ()
    # How readers find its records (a ``search.Searchable``); what a save does asks it to
    # ``reindex`` a record, so that this core needs no import of the search app.
    search: Any = None
    # The records of other kinds whose search vectors hold this one's text (an official's
    # name is in their quotes' vectors): reindexed after it is saved or deleted.
    indexed_with: Callable[[models.Model], Iterable[models.Model]] | None = None
    # The records whose admin form shows this one too (a quote and a paragraph stand in
    # their article's form): a change of it renews their version token, so that a form
    # opened before merges with it instead of overwriting it (``core.conflicts``).
    shown_in: Callable[[models.Model], models.QuerySet] | None = None
    # The record it says something about, as (model, primary key), when that is all it
    # is to the pages: a translation record is read only by its item's English page (the
    # note of when it was translated). Any change of it, even its creation or deletion,
    # renews only the pages that read it or that item (``core.effects``).
    describes: Callable[[models.Model], tuple[type[models.Model], Any]] | None = None
    # A section of the translator's dashboard, with what its status needs prefetched.
    dashboard_prefetch: tuple[str, ...] | None = None
    # Its addresses are for ever: a change of its slug in a language keeps the old one,
    # which answers with a permanent redirect to the new one (``core.old_slugs``).
    keeps_old_slugs: bool = False


_entries: dict[type[models.Model], Content] = {}
_listeners: list[Callable[[Content], None]] = []
_publications: Callable | None = None


def register(content: Content) -> None:
    """Declare a model's content; whoever listens (``core.effects``) wires it now."""
    if content.model in _entries:
        raise ValueError(f"{content.model._meta.label} is registered already.")
    _entries[content.model] = content
    for listener in _listeners:
        listener(content)


def on_register(listener: Callable[[Content], None]) -> None:
    """Call ``listener`` with every registration: those made already, and those to come."""
    _listeners.append(listener)
    for content in list(_entries.values()):
        listener(content)


def entries() -> list[Content]:
    return list(_entries.values())


def entry_for(model: type[models.Model]) -> Content | None:
    return _entries.get(model)


def searchable() -> list[Content]:
    return [content for content in _entries.values() if content.search is not None]


def register_publications(publications: Callable[[datetime], tuple[models.QuerySet, ...]]):
    """Declare when content goes public: ``publications(now)`` gives the publication times
    already public and those still to come, as querysets of one column (``core.caching``
    reads both in one statement with the content's stamp)."""
    global _publications
    _publications = publications


def publications(now: datetime) -> tuple[models.QuerySet, models.QuerySet]:
    return _publications(now)
