"""Files of the media storage that no image needs any more: originals no ``Image`` row
names, and renditions of originals that are gone. Only the Storage API (``listdir``,
``delete``, ``get_modified_time``), so that the disk and an S3 bucket are cleaned alike.

A rendition's name derives from its original's (imagekit's ``source_name_as_path``):
``CACHE/images/images/2026/05/<uuid>/<recipe hash>.webp`` belongs to
``images/2026/05/<uuid>.jpg``."""

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from images.models import UPLOAD_DIR, Image

#: A file younger than this is kept even if no row names it: its row may be in a
#: transaction not committed yet.
MIN_AGE = timedelta(hours=1)


def walk(storage: Storage, path: str) -> Iterator[str]:
    """The name of every file under ``path``, at any depth."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # the disk, before the first upload (a bucket lists nothing)
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for directory in sorted(directories):
        yield from walk(storage, posixpath.join(path, directory))


def cache_dir() -> str:
    return settings.IMAGEKIT_CACHEFILE_DIR.strip("/")


def stem(name: str) -> str:
    return posixpath.splitext(name)[0]


def renditions_dir(original: str) -> str:
    """Where imagekit keeps the renditions of ``original``."""
    return posixpath.join(cache_dir(), stem(original))


def original_stem(rendition: str) -> str:
    """The name, without its ending, of the original ``rendition`` was made from."""
    return posixpath.dirname(posixpath.relpath(rendition, cache_dir()))


def delete_files(original: str, storage: Storage | None = None) -> list[str]:
    """Delete ``original`` and its renditions; the names deleted."""
    storage = storage or default_storage
    deleted = [*walk(storage, renditions_dir(original))]
    if storage.exists(original):
        deleted.append(original)
    for name in deleted:
        storage.delete(name)
    return deleted


def modified_before(storage: Storage, name: str, moment: datetime) -> bool:
    """Whether ``name`` was last written before ``moment``; False where the storage
    cannot say (then the file is kept)."""
    try:
        modified = storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return False
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified, timezone.get_default_timezone())
    return modified < moment


@dataclass
class Cleanup:
    originals: list[str] = field(default_factory=list)  # no row names them
    renditions: list[str] = field(default_factory=list)  # their original is gone
    recent: list[str] = field(default_factory=list)  # no row names them, but kept: too new

    @property
    def files(self) -> list[str]:
        return [*self.originals, *self.renditions]


def plan(storage: Storage | None = None, now: datetime | None = None) -> Cleanup:
    """What a cleanup removes, without removing anything."""
    storage = storage or default_storage
    young_after = (now or timezone.now()) - MIN_AGE
    # The files first, the rows after: a row committed in between names a file listed
    # here, which is then kept (and a file written after the listing is not seen at all).
    originals = list(walk(storage, UPLOAD_DIR))
    renditions = list(walk(storage, cache_dir()))
    referenced = set(Image._base_manager.values_list("file", flat=True))

    cleanup = Cleanup()
    for name in originals:
        if name in referenced:
            continue
        if modified_before(storage, name, young_after):
            cleanup.originals.append(name)
        else:
            cleanup.recent.append(name)
    removed = set(cleanup.originals)
    kept = {stem(name) for name in referenced} | {
        stem(name) for name in originals if name not in removed
    }
    for name in renditions:
        owner = original_stem(name)
        # Only renditions of library images: anything else in the cache is left alone.
        if owner.startswith(f"{UPLOAD_DIR}/") and owner not in kept:
            cleanup.renditions.append(name)
    return cleanup


def delete_after_commit(sender, instance: Image, **kwargs) -> None:
    """A deleted image's file and renditions go once its deletion is committed (a rolled
    back deletion keeps them)."""
    name = instance.file.name if instance.file else ""
    if name:
        transaction.on_commit(lambda: delete_unreferenced(name), robust=True)


def delete_unreferenced(original: str) -> None:
    if not Image._base_manager.filter(file=original).exists():  # no other row names it
        delete_files(original)


def connect() -> None:
    post_delete.connect(delete_after_commit, sender=Image, dispatch_uid="images-delete-files")
