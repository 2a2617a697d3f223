"""What a page read: the content records a render loaded, so that the page cache keeps
the page until one of them changes (``core.caching``), and an edit renews only the
pages that read what it changed (``core.effects``).

Records are noticed as they are made, not as they are queried: every registered content
model's ``post_init`` adds ``app_label.model:pk`` to the render's collector when one is
open. That catches what querysets load (``select_related`` and prefetches included) and
the records a page builds from rows it read in another's query (an article's byline,
tags, corrections and related articles, read as JSON columns of its own row), which an
override of ``from_db`` would miss. With no collector open it costs a context variable
read per record.

What a page reads without making records (``values()``, aggregates, raw SQL) it declares
with ``depends_on``: a record, a key, or a model for every record of its kind.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models.signals import post_init

from core import registry

_reading: ContextVar[set[str] | None] = ContextVar("reading", default=None)

# Past this many records of one kind a page depends on the kind instead (a sitemap, a
# long list): its entry stays small and its check one short index scan. Every edit of a
# record renews its kind's key too, so this is only coarser, never stale.
MOST_RECORDS_OF_A_KIND = 100


def kind_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def record_key(record: models.Model) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def keys_of(model: type[models.Model], pk) -> tuple[str, str]:
    """What an edit of a record that changes only what it shows renews: its key and its
    kind's."""
    return f"{kind_key(model)}:{pk}", kind_key(model)


def depends_on(*read) -> None:
    """Declare that the page being rendered shows these: records, models (every record of
    the kind, for a read through ``values()`` or an aggregate) or keys. Nothing when no
    page is being rendered for the cache."""
    keys = _reading.get()
    if keys is None:
        return
    for item in read:
        if isinstance(item, str):
            keys.add(item)
        elif isinstance(item, type) and issubclass(item, models.Model):
            keys.add(kind_key(item))
        else:
            keys.add(record_key(item))


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the keys of what is read inside; the set is complete once it closes."""
    keys: set[str] = set()
    token = _reading.set(keys)
    try:
        yield keys
    finally:
        _reading.reset(token)


def coarsened(keys: set[str]) -> tuple[str, ...]:
    """The keys to store with a page, sorted: a kind of which it read too many records
    stands for them."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_kind[key.partition(":")[0]].append(key)
    kept: set[str] = set()
    for kind, kind_keys in by_kind.items():
        kept.update([kind] if len(kind_keys) > MOST_RECORDS_OF_A_KIND else kind_keys)
    return tuple(sorted(kept))


def _made(sender, instance, **kwargs) -> None:
    keys = _reading.get()
    if keys is not None and instance.pk is not None:
        keys.add(f"{sender._meta.label_lower}:{instance.pk}")


def connect() -> None:
    registry.on_register(
        lambda content: post_init.connect(
            _made, sender=content.model, dispatch_uid=f"dependencies-{content.model._meta.label}"
        )
    )
