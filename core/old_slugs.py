"""Stable addresses: a page keeps answering at every address it ever had.

When a record's address changes in a language (its slug there, or, for a record without
a slug of its own in that language, its Russian one, which stands in for it), the old
slug is kept as an ``OldSlug`` of that record and language, and a request for it gets a
permanent redirect to the record's address now. The old slug names the record, not the
new address, so that after a chain of renames every old address leads to the newest one
in one hop; a record renamed back to an old slug gets that address back (its ``OldSlug``
goes). Records are kept per model, language and slug: an old slug of one record cannot
be taken by another without the editor being told (``taken_by_others``, asked by the
admin's form).

A model opts in with ``Content(..., keeps_old_slugs=True)`` (``core.registry``): every
write of it records its moves, whoever writes it (``core.effects``: a save, a restored
version, ``QuerySet.update()``), and its detail view (``TranslatedSlugMixin``) answers
the old addresses. Its fields ``slug_<language>`` are its addresses (modeltranslation).
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.utils import translation

from core import registry
from core.models import OldSlug

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SLUG_FIELDS = tuple(f"slug_{code}" for code in LANGUAGES)

Addresses = dict[str, str]  # the slug of a record's address in each language


def kept_for(model: type[models.Model]) -> bool:
    content = registry.entry_for(model)
    return content is not None and content.keeps_old_slugs


def addresses(slugs: Mapping[str, str | None]) -> Addresses:
    """The slug of the address in each language, from the slug fields' values: its own, or
    its Russian one where it has none (as ``TranslatedSlugQuerySet.with_slug`` finds it)."""
    source = slugs.get(f"slug_{SOURCE_LANGUAGE}") or ""
    return {code: slugs.get(f"slug_{code}") or source for code in LANGUAGES}


def addresses_of(record: models.Model) -> Addresses:
    return addresses({field: getattr(record, field) for field in SLUG_FIELDS})


def stored_addresses(model: type[models.Model], pks: Iterable) -> dict[object, Addresses]:
    """The addresses of these records as the database has them (before a write)."""
    rows = model._base_manager.filter(pk__in=list(pks)).values("pk", *SLUG_FIELDS)
    return {row["pk"]: addresses(row) for row in rows}


def _records_of(model: type[models.Model]) -> Q:
    opts = model._meta
    # Through the content type's natural key, in the same query: no cache to warm.
    return Q(content_type__app_label=opts.app_label, content_type__model=opts.model_name)


def record_moves(
    model: type[models.Model], before: Mapping[object, Addresses], after: Mapping[object, Addresses]
) -> None:
    """Keep the addresses the records left, and give back those they returned to."""
    left, returned = [], Q()
    for pk, old in before.items():
        new = after.get(pk)
        if new is None or new == old:
            continue
        for language, slug in old.items():
            if new[language] != slug:
                returned |= Q(object_id=pk, language=language, slug=new[language])
                if slug:
                    left.append((pk, language, slug))
    if returned:
        OldSlug.objects.filter(_records_of(model)).filter(returned).delete()
    if not left:
        return
    content_type = ContentType.objects.get_for_model(model)
    # An old slug another record left before now leads to the one that had it last.
    OldSlug.objects.bulk_create(
        [
            OldSlug(content_type=content_type, object_id=pk, language=language, slug=slug)
            for pk, language, slug in left
        ],
        update_conflicts=True,
        unique_fields=["content_type", "language", "slug"],
        update_fields=["object_id", "created_at"],
    )


def forget(model: type[models.Model], pks: Iterable) -> None:
    """A deleted record's old addresses: nothing is at them any more."""
    OldSlug.objects.filter(_records_of(model), object_id__in=list(pks)).delete()


def of_record(record: models.Model) -> models.QuerySet:
    """The old addresses of ``record``, newest first."""
    return OldSlug.objects.filter(_records_of(type(record)), object_id=record.pk)


def leads_elsewhere(record: models.Model, language: str, slug: str) -> bool:
    """Whether ``slug`` is an old address in ``language`` of another record of its model."""
    return (
        kept_for(type(record))
        and OldSlug.objects.filter(_records_of(type(record)), language=language, slug=slug)
        .exclude(object_id=record.pk)
        .exists()
    )


def moved(queryset: models.QuerySet, slug: str, language: str) -> models.Model | None:
    """The record of ``queryset`` whose address in ``language`` was ``slug``, if any."""
    if not kept_for(queryset.model):
        return None
    left = OldSlug.objects.filter(_records_of(queryset.model), language=language, slug=slug)
    # Only to find its address: nothing the page would show is fetched with it.
    return queryset.prefetch_related(None).filter(pk__in=left.values("object_id")).first()


def redirect_to(record: models.Model, language: str, query_string: str = ""):
    """A permanent redirect to ``record``'s address in ``language``. The query string goes
    along (a list's ``?page=2``): the page cache has already cut it down to what the page
    knows for the public (``core.caching``)."""
    with translation.override(language):
        url = record.get_absolute_url()
    return HttpResponsePermanentRedirect(f"{url}?{query_string}" if query_string else url)


def redirect_if_moved(queryset: models.QuerySet, slug: str, language: str, request):
    """The redirect to the record of ``queryset`` that ``slug`` was an address of in
    ``language`` (``moved``), or None: what a page answers at an address it had before."""
    record = moved(queryset, slug, language)
    if record is None:
        return None
    return redirect_to(record, language, request.META.get("QUERY_STRING", ""))


def taken_by_others(record: models.Model, wanted: Addresses) -> list[tuple[str, OldSlug]]:
    """The addresses in ``wanted`` that are old addresses of other records of its model, as
    (language, their ``OldSlug``): taking one would silently end that redirect."""
    if not kept_for(type(record)):
        return []
    current = addresses_of(record) if record.pk else {}
    asked = Q()
    for language, slug in wanted.items():
        if slug and slug != current.get(language):
            asked |= Q(language=language, slug=slug)
    if not asked:
        return []
    found = OldSlug.objects.filter(_records_of(type(record))).filter(asked)
    if record.pk is not None:
        found = found.exclude(object_id=record.pk)
    return [(old.language, old) for old in found.prefetch_related("record")]
