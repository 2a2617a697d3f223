"""What an uploaded image must be before anything keeps it: a real picture of an allowed
type, named as what it is, within the size and pixel limits, its header read before any
pixel is decoded (so a decompression bomb is refused without being expanded)."""

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError, features

# Pillow's format name: the file name endings that may say so.
FORMATS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "AVIF": ("avif",),
}


def allowed_formats() -> dict[str, tuple[str, ...]]:
    """The formats this Pillow can read (AVIF needs Pillow built with libavif)."""
    return {
        name: endings
        for name, endings in FORMATS.items()
        if name != "AVIF" or features.check("avif")
    }


def allowed_endings() -> list[str]:
    return [ending for endings in allowed_formats().values() for ending in endings]


def check_image_file(upload) -> str:
    """Refuse ``upload`` unless it is an allowed image within the limits; its format."""
    if upload.size > settings.IMAGE_MAX_FILE_SIZE:
        raise ValidationError(
            _("The file is %(size)s; an image may be at most %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGE_MAX_FILE_SIZE),
            },
        )
    allowed = allowed_formats()
    not_an_image = ValidationError(
        _("This is not an image the portal takes. Upload a %(formats)s file."),
        code="not_an_image",
        params={"formats": ", ".join(allowed)},
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Over MAX_IMAGE_PIXELS Pillow warns, over twice that it refuses: both are
            # answered below by the pixel count, in the editor's words.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            # formats=: Pillow tries no other decoder on a file that claims nothing.
            with PillowImage.open(upload, formats=list(allowed)) as picture:
                width, height = picture.size
                image_format = picture.format
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                picture.load()  # every pixel decodes: a truncated file is refused
    except PillowImage.DecompressionBombError:
        raise _too_many_pixels(None, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    finally:
        upload.seek(0)
    ending = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if ending not in allowed[image_format]:
        raise ValidationError(
            _(
                "The file is named as a .%(ending)s file but is a %(format)s image. "
                "Give it its true ending or upload another file."
            ),
            code="wrong_ending",
            params={"ending": ending or "?", "format": image_format},
        )
    return image_format


def _too_many_pixels(width: int | None, height: int | None) -> ValidationError:
    limit = settings.IMAGE_MAX_PIXELS // 1_000_000
    if width is None:
        return ValidationError(
            _("The image has too many pixels: at most %(limit)s megapixels are accepted."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _("The image is %(width)s×%(height)s pixels: at most %(limit)s megapixels are accepted."),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": limit},
    )


_local = threading.local()


def _blocks() -> list[list[str]]:
    if not hasattr(_local, "blocks"):
        _local.blocks = []
    return _local.blocks


def file_saved(name: str) -> None:
    """An upload was written to the storage (``Image.save``): removed again if the request
    that wrote it fails (``discard_files_on_failure``)."""
    if _blocks():
        _blocks()[-1].append(name)


@contextmanager
def discard_files_on_failure() -> Iterator[None]:
    """Files written inside this block are deleted if it raises: a save whose transaction
    is rolled back leaves no file behind that no record names."""
    _blocks().append([])
    try:
        yield
    except BaseException:
        for name in _blocks()[-1]:
            default_storage.delete(name)
        raise
    finally:
        _blocks().pop()
