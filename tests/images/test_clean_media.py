"""``manage.py clean_media`` and the files of a deleted image."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from images import cleanup, renditions
from images.models import Image
from tests.admin_forms import change_url
from tests.factories import ImageFactory
from tests.images.pictures import picture_bytes

pytestmark = pytest.mark.django_db

TWO_HOURS_AGO = time.time() - 2 * 3600


def stored(media_root) -> set[str]:
    if not media_root.exists():
        return set()
    return {
        path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file()
    }


def age_everything(media_root) -> None:
    """Every file stored so far was written two hours ago."""
    for path in media_root.rglob("*"):
        if path.is_file():
            os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))


def save(name: str) -> str:
    return default_storage.save(name, ContentFile(picture_bytes(size=(40, 30))))


def clean_media(*args) -> str:
    out = io.StringIO()
    call_command("clean_media", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(media_root):
    """A kept image with its renditions, an orphan original with one, and an orphan
    rendition whose original is long gone; all two hours old."""
    image = ImageFactory(file__width=1000, file__height=500)
    kept_renditions = [
        renditions.rendition(image, width=480).url.removeprefix("/media/"),
        renditions.share_card_url(image).removeprefix("/media/"),
    ]
    orphan = save("images/2026/01/orphan.jpg")
    orphan_rendition = save("CACHE/images/images/2026/01/orphan/0123abcd.webp")
    lost_rendition = save("CACHE/images/images/2025/12/long-gone/4567cdef.jpg")
    age_everything(media_root)
    return {
        "kept": {image.file.name, *kept_renditions},
        "removed": {orphan, orphan_rendition, lost_rendition},
        "image": image,
    }


def test_orphans_and_their_renditions_go_and_an_images_files_stay(media, media_root):
    before = stored(media_root)
    assert media["kept"] | media["removed"] == before

    output = clean_media()

    assert stored(media_root) == media["kept"]
    for name in media["removed"]:
        assert f"Removed {name}" in output
    assert "Removed 1 original(s) and 2 rendition(s)" in output
    # Nothing left to do.
    assert "Removed 0 original(s) and 0 rendition(s)" in clean_media()


def test_a_dry_run_lists_and_removes_nothing(media, media_root):
    before = stored(media_root)
    output = clean_media("--dry-run")
    assert stored(media_root) == before
    for name in media["removed"]:
        assert f"Would remove {name}" in output
    for name in media["kept"]:
        assert name not in output


def test_a_recent_orphan_is_kept(media, media_root):
    fresh = save("images/2026/02/being-saved.jpg")  # its row may not be committed yet
    output = clean_media()
    assert fresh in stored(media_root)
    assert f"Kept {fresh}" in output
    assert not (media["removed"] & stored(media_root))


def test_a_file_of_unknown_age_is_kept(media, media_root, monkeypatch):
    def unknown(self, name):
        raise NotImplementedError

    monkeypatch.setattr(type(default_storage._wrapped), "get_modified_time", unknown)
    assert cleanup.plan().originals == []


def test_a_rendition_of_an_image_being_saved_stays_with_it(media, media_root):
    fresh = save("images/2026/02/being-saved.jpg")
    its_rendition = save("CACHE/images/images/2026/02/being-saved/89abcdef.webp")
    age_everything(media_root)
    os.utime(media_root / fresh)  # now
    clean_media()
    assert {fresh, its_rendition} <= stored(media_root)


def test_deleting_an_image_deletes_its_files_once_committed(
    media, media_root, editor_client, django_capture_on_commit_callbacks
):
    image = media["image"]
    delete_url = change_url(image).replace("/change/", "/delete/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    # Not before the commit: a rolled-back deletion keeps them.
    assert media["kept"] <= stored(media_root)
    for callback in callbacks:
        callback()
    assert not (media["kept"] & stored(media_root))
    assert media["removed"] <= stored(media_root)  # nobody else's files


def test_a_file_another_image_still_names_stays(
    media, media_root, django_capture_on_commit_callbacks
):
    image = media["image"]
    twin = ImageFactory()
    Image.objects.filter(pk=twin.pk).update(file=image.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert image.file.name in stored(media_root)
