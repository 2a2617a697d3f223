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
   c. the cached pages that may show the change are made afresh (``core.caching``):
      - an edit that changes only what the record shows (``changes_only_text``: its
        translated text, not a slug, none emptied or filled in, and what a save stamps)
        renews the versions of the record and of its kind, and of the records whose
        page shows it as a part (its ``Content.shown_in``) (``Dependency.renew``): the
        pages that read any of them, and only those, are made afresh;
      - anything else (a record created or deleted, a status, a date, a flag, a
        relation, a position, a slug, a text emptied or filled in: what may change which
        records a list or a query finds, or their order) moves the content's version
        on, and every cached page is made afresh (``ContentVersion.move_on``).
      When in doubt it is the second: rare, and never stale.
3. ``translations.provenance`` (a ``post_save`` of its own, connected after these): the
   English that changed is recorded as translated from the current Russian, by the
   writer's revision's user.
4. The history: django-reversion, registered here with each model's follow rules; the
   revision the writer opens records it when it closes.
5. The old addresses (``core.old_slugs``), for content that keeps them: a ``pre_save``
   reads the record's slugs as stored, and the ``post_save`` keeps those it left; a
   delete forgets them. An old address removed (by an editor) renews the cache: pages
   link through it to the record's page (``core.languages.record_at``).
6. ``news.indexnow`` (signals of its own, when an IndexNow key is set): an article that
   goes public or changes what its page shows is queued, at the commit, to be announced
   to the search engines by a background task.

Signals, not calls in each writer, so that no writer can forget them; they are connected
per registered model, as each app registers it (``core.registry``). Writes that send
no signal (``QuerySet.update()``, ``bulk_update()``, ``bulk_create()``) go through
``ContentQuerySet``, which calls ``records_changed`` with the rows it wrote (unless it
wrote only what no page shows: ``UNSEEN_FIELDS``). Raw SQL calls ``records_changed``
itself (which, told nothing more, moves the content's version on).

Both writes happen in the writer's transaction: every worker and machine sees the new
versions when, and only when, the edit itself is committed.
"""

from collections.abc import Iterable
from functools import cache

import reversion
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from modeltranslation.translator import translator

from core import old_slugs, registry
from core.dependencies import keys_of
from core.models import UNVERSIONED_FIELDS, ContentVersion, Dependency, OldSlug


def records_changed(
    records: Iterable[models.Model], *, deleted: bool = False, text_only: bool = False
) -> None:
    """Rebuild the search vectors that hold these records' text, renew the version token of
    the forms that show them, then renew the cached pages: those that read these records
    when the change is ``text_only`` (``changes_only_text``), else all of them."""
    to_reindex = []
    renewed: set[str] = set()
    everything = False
    for record in records:
        content = registry.entry_for(type(record))
        if content is None:
            continue
        if not deleted:
            to_reindex.append(record)
        if content.describes is not None:
            renewed.update(keys_of(type(record), record.pk))
            renewed.update(keys_of(*content.describes(record)))
        elif text_only:
            renewed.update(keys_of(type(record), record.pk))
        else:
            everything = True
        if content.shown_in is not None:
            shown_in = content.shown_in(record)
            shown_in.update(version=RandomUUID())
            if not everything:
                # The page of the record it is a part of shows it, whatever that page read.
                for pk in shown_in.values_list("pk", flat=True):
                    renewed.update(keys_of(shown_in.model, pk))
        if content.indexed_with is not None:
            to_reindex += content.indexed_with(record)
    # Told of no record it knows (raw SQL, say): every page, to be safe.
    _reindex_and_renew(to_reindex, None if everything or not renewed else renewed)


def _reindex_and_renew(records: Iterable[models.Model], keys: set[str] | None = None) -> None:
    """Reindex, then renew these dependencies' versions, or the content's (None)."""
    unique = {(type(record), record.pk): record for record in records}
    for record in unique.values():
        content = registry.entry_for(type(record))
        if content is not None and content.search is not None:
            content.search.reindex(record)
    if keys is None:
        ContentVersion.move_on()
    else:
        Dependency.renew(keys)


@cache
def _text_fields(model: type[models.Model]) -> frozenset[str]:
    """Its translated fields in each language (``headline_ru``, ``headline_en``), but the
    slugs: text that a page shows where it shows the record, and that decides nothing
    else but by being there or not (an English list leaves out what has no English).
    A slug decides more: a link in another record's text to an address that nobody had
    leads to the record from the moment it takes it, without the linking page having
    read it."""
    if model not in translator.get_registered_models():
        return frozenset()
    return frozenset(
        field.name
        for original, fields in translator.get_options_for_model(model).all_fields.items()
        if not original.startswith("slug")
        for field in fields
    )


@cache
def _compared_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(name, attname) of the fields whose change may matter to a page: all but what a
    save stamps (``UNVERSIONED_FIELDS``) and modeltranslation's original fields, which
    repeat one language's."""
    originals = (
        translator.get_options_for_model(model).all_fields
        if model in translator.get_registered_models()
        else {}
    )
    return tuple(
        (field.name, field.attname)
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.name in UNVERSIONED_FIELDS or field.name in originals)
    )


def stored_values(model: type[models.Model], pks, names=None) -> dict:
    """The compared fields as stored, by primary key (only ``names`` when given)."""
    attnames = [
        attname
        for name, attname in _compared_fields(model)
        if names is None or name in names or attname in names
    ]
    # A plain queryset: modeltranslation's rewrites field names by the active language.
    rows = models.QuerySet(model).filter(pk__in=pks).values("pk", *attnames)
    return {row.pop("pk"): row for row in rows}


def changes_only_text(model: type[models.Model], before: dict | None, record) -> bool:
    """Whether writing ``record`` over ``before`` (``stored_values``) changed only what
    pages show where they show it: translated text, neither emptied nor filled in."""
    if before is None:
        return False
    text = _text_fields(model)
    for attname, old in before.items():
        new = getattr(record, attname)
        if attname in text:
            if bool(old) != bool(new):
                return False
        elif old != new:
            return False
    return True


def _read_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # As stored, not as loaded: a restored version was never loaded. One query a save.
    if raw or instance.pk is None:
        return
    stored = stored_values(sender, [instance.pk], update_fields)
    instance._stored_before_save = stored.get(instance.pk)


def _saved(sender, instance, created=False, **kwargs) -> None:
    before = instance.__dict__.pop("_stored_before_save", None)
    records_changed(
        [instance], text_only=not created and changes_only_text(sender, before, instance)
    )


def _deleted(sender, instance, **kwargs) -> None:
    records_changed([instance], deleted=True)


def _slugs_before(sender, instance, update_fields=None, **kwargs) -> None:
    # As stored, not as loaded: a restored version or a deserialised record was never
    # loaded from the database. One query, and none for a save that writes no slug.
    if instance.pk is None or (
        update_fields is not None and not set(update_fields) & set(old_slugs.SLUG_FIELDS)
    ):
        return
    stored = old_slugs.stored_addresses(sender, [instance.pk])
    instance._addresses_before_save = stored.get(instance.pk)


def _slugs_after(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop("_addresses_before_save", None)
    if before is not None:
        old_slugs.record_moves(
            sender, {instance.pk: before}, {instance.pk: old_slugs.addresses_of(instance)}
        )


def _slugs_deleted(sender, instance, **kwargs) -> None:
    old_slugs.forget(sender, [instance.pk])


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
    if content.keeps_old_slugs:
        pre_save.connect(_slugs_before, sender=model, dispatch_uid=f"effects-slugs-{label}")
        # Before ``_saved``: the cache is renewed once the old addresses are kept.
        post_save.connect(_slugs_after, sender=model, dispatch_uid=f"effects-moves-{label}")
        post_delete.connect(_slugs_deleted, sender=model, dispatch_uid=f"effects-gone-{label}")
    pre_save.connect(_read_before_save, sender=model, dispatch_uid=f"effects-before-{label}")
    post_save.connect(_saved, sender=model, dispatch_uid=f"effects-saved-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"effects-deleted-{label}")
    # Sent only when the model is the through model of a many-to-many relation.
    m2m_changed.connect(_relation_set, sender=model, dispatch_uid=f"effects-relation-{label}")


def _old_address_removed(sender, instance, **kwargs) -> None:
    # A page that linked to the record through it must not keep linking so.
    ContentVersion.move_on()


def connect() -> None:
    registry.on_register(_wire)
    post_delete.connect(_old_address_removed, sender=OldSlug, dispatch_uid="effects-old-slug")


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
        # through here too); when it writes only text, that text as it was.
        text = _text_fields(self.model)
        may_be_text_only = kwargs.keys() <= text | set(UNVERSIONED_FIELDS)
        before = stored_values(self.model, self.values("pk"), kwargs) if may_be_text_only else {}
        pks = list(before) if may_be_text_only else list(self.values_list("pk", flat=True))
        # An update of a slug (``slug``, ``slug_en``: modeltranslation may rewrite it) moves
        # the records' addresses: read as they were, to keep the old ones (step 5).
        keeps_addresses = old_slugs.kept_for(self.model) and any(
            name.startswith("slug") for name in kwargs
        )
        addresses = old_slugs.stored_addresses(self.model, pks) if keeps_addresses and pks else {}
        count = super().update(**kwargs)
        if pks:
            records = list(self.model._default_manager.filter(pk__in=pks))
            if addresses:
                after = {record.pk: old_slugs.addresses_of(record) for record in records}
                old_slugs.record_moves(self.model, addresses, after)
            text_only = may_be_text_only and all(
                changes_only_text(self.model, before.get(record.pk), record) for record in records
            )
            records_changed(records, text_only=text_only)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs) -> list[models.Model]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            records_changed(created)
        return created

    bulk_create.alters_data = True
