"""What a save of content does, in order, whoever saves it: the admin, an XLIFF import,
the content loader, a restored version, the shell.

1. ``EditorialModel.save`` renews the record's modification time and version token, so
   that two editors' saves of one record notice each other (``core.conflicts``).
2. Django's ``post_save``, ``post_delete`` or ``m2m_changed`` calls ``records_changed``:
   a. the search vectors of the record, if it is searchable, and of the records whose
      vectors hold its text (its ``Content.indexed_with``: an official's name is in its
      quotes' and articles' vectors) are rebuilt (its kind's ``Searchable.reindex``);
   b. the records whose form shows it (its ``Content.shown_in``: a quote stands in its
      article's form) get a new version token, so that a form opened before merges;
   c. the content's version moves on, so every cached page is made afresh
      (``ContentVersion.move_on``, read by ``core.caching``).
3. ``translations.provenance`` (a ``post_save`` of its own, connected after these): the
   English that changed is recorded as translated from the current Russian, by the
   writer's revision's user.
4. The history: django-reversion, registered here with each model's follow rules; the
   revision the writer opens records it when it closes.
5. ``news.indexnow`` (signals of its own, when an IndexNow key is set): an article that
   goes public or changes what its page shows is queued, at the commit, to be announced
   to the search engines by a background task.

Signals, not calls in each writer, so that no writer can forget them; they are connected
per registered model, as each app registers it (``core.registry``). Writes that send
no signal (``QuerySet.update()``, ``bulk_update()``, ``bulk_create()``) go through
``ContentQuerySet``, which calls ``records_changed`` with the rows it wrote (unless it
wrote only what no page shows: ``UNSEEN_FIELDS``). Raw SQL calls ``records_changed``
itself.
"""

from collections.abc import Iterable

import reversion
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import registry
from core.models import UNVERSIONED_FIELDS, ContentVersion


def records_changed(records: Iterable[models.Model], *, deleted: bool = False) -> None:
    """Rebuild the search vectors that hold these records' text, renew the version token of
    the forms that show them, then renew the cache."""
    to_reindex = []
    for record in records:
        content = registry.entry_for(type(record))
        if content is None:
            continue
        if not deleted:
            to_reindex.append(record)
        if content.shown_in is not None:
            content.shown_in(record).update(version=RandomUUID())
        if content.indexed_with is not None:
            to_reindex += content.indexed_with(record)
    _reindex_and_renew(to_reindex)


def _reindex_and_renew(records: Iterable[models.Model]) -> None:
    unique = {(type(record), record.pk): record for record in records}
    for record in unique.values():
        content = registry.entry_for(type(record))
        if content is not None and content.search is not None:
            content.search.reindex(record)
    ContentVersion.move_on()


def _saved(sender, instance, **kwargs) -> None:
    records_changed([instance])


def _deleted(sender, instance, **kwargs) -> None:
    records_changed([instance], deleted=True)


def _relation_set(sender, instance, action, model, pk_set, **kwargs) -> None:
    """``article.organisations.set()`` and friends, from either side: the through rows
    are written without a save of their own. Each side's vector may name the other; no
    record's own text changed, so none of theirs is reindexed further."""
    if action.startswith("post_"):
        _reindex_and_renew([instance, *model._default_manager.filter(pk__in=pk_set or [])])


def _wire(content: registry.Content) -> None:
    model = content.model
    label = model._meta.label
    if content.history is not None:
        # Registered as the app registers it, in its ready(): modeltranslation has added
        # the language fields the history must keep, and the admin has not yet registered
        # the model on its own.
        reversion.register(model, follow=content.history, exclude=UNVERSIONED_FIELDS)
    post_save.connect(_saved, sender=model, dispatch_uid=f"effects-saved-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"effects-deleted-{label}")
    # Sent only when the model is the through model of a many-to-many relation.
    m2m_changed.connect(_relation_set, sender=model, dispatch_uid=f"effects-relation-{label}")


def connect() -> None:
    registry.on_register(_wire)


# What no page shows and no vector holds: the version token of the conflict check, and
# the vectors themselves. An update of these alone changes no page.
UNSEEN_FIELDS = frozenset({"version", "search_ru", "search_en"})


class ContentQuerySet(models.QuerySet):
    """The queryset of registered content: the writes that send no signal still rebuild
    the search vectors and renew the cached pages (step 2 above)."""

    def update(self, **kwargs) -> int:
        if kwargs.keys() <= UNSEEN_FIELDS:
            return super().update(**kwargs)
        # The rows, before the update may make them leave the filter (bulk_update goes
        # through here too).
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            records_changed(self.model._default_manager.filter(pk__in=pks))
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs) -> list[models.Model]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            records_changed(created)
        return created

    bulk_create.alters_data = True
