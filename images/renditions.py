"""Renditions of a library image, made by django-imagekit: the widths a page offers in
``srcset`` (WebP, and JPEG for browsers without it) and the fixed crops (the share card),
cut around the image's focal point, without the original's metadata (EXIF, GPS).

A rendition's file name is derived from its source and its recipe (size, crop, focal
point, format), so a new focal point makes new files and a page never needs a query to
find them; imagekit makes each file the first time it is asked for (``ImageCacheFile``)."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.files.storage import default_storage
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from PIL import ImageOps
from pilkit.processors import ResizeToCover, ResizeToFit

from core.addresses import absolute_url
from images.models import Image

# 480 for a phone's 1x screen, 720 for its 2x (a 375 px phone's column is 343 CSS px, 686
# device pixels: 800 sent it a third more pixels than it shows), 1200 for 3x and desktops.
WIDTHS = (480, 720, 1200)
# A phone is sent at most the 720 px picture, whatever its screen's density: in a column of
# 343 px that is 2.1 pixels to a point, past what the eye tells apart in a photo, and a
# 3x phone would otherwise take the 1200 px one, three times the bytes (the first view's
# budget is 200 KB: docs/quality.md).
PHONE = "(max-width: 40rem)"
PHONE_WIDTH = 720
# The modern format first; JPEG for the browsers that take nothing else (``<picture>``).
FORMATS = (("image/webp", "WEBP"), ("image/jpeg", "JPEG"))
SHARE_CARD = (1200, 630)
# The square crop the admin shows beside the focal-point picker (avatars, tiles).
SQUARE = 480
QUALITY = 80
# WebP looks at 75 (libwebp's default) as JPEG does at 80, for a fifth fewer bytes.
WEBP_QUALITY = 75


class Upright:
    """Turns a photo as its camera's orientation tag says, before that tag is dropped."""

    def process(self, picture):
        return ImageOps.exif_transpose(picture)


class FillAroundFocalPoint:
    """Scales the picture to cover ``width``×``height`` and cuts that frame out of it,
    centred on the focal point as far as the picture's edges allow."""

    def __init__(self, width: int, height: int, focal_point: tuple[float, float]):
        self.width, self.height, self.focal_point = width, height, focal_point

    def process(self, picture):
        picture = ResizeToCover(self.width, self.height, upscale=True).process(picture)
        full_width, full_height = picture.size
        focal_x, focal_y = self.focal_point
        left = min(max(round(focal_x * full_width - self.width / 2), 0), full_width - self.width)
        top = min(max(round(focal_y * full_height - self.height / 2), 0), full_height - self.height)
        return picture.crop((left, top, left + self.width, top + self.height))


class StripMetadata:
    """Drops what the original carried besides its pixels (EXIF with its GPS position,
    XMP, comments); keeps the colour profile, without which colours shift."""

    def process(self, picture):
        kept = {key: value for key, value in picture.info.items() if key == "icc_profile"}
        picture = picture.copy()
        picture.info = kept
        if hasattr(picture, "_exif"):
            picture._exif = None
        return picture


class Rendition(ImageSpec):
    # The storage as configured when it is used (a test may switch it), not at import.
    cachefile_storage = default_storage

    def __init__(self, source, *, width: int, height: int | None, focal_point, image_format: str):
        if height is None:
            resize = ResizeToFit(width=width, upscale=False)
        else:
            resize = FillAroundFocalPoint(width, height, focal_point)
        self.processors = [Upright(), resize, StripMetadata()]
        self.format = image_format
        self.options = {"quality": WEBP_QUALITY if image_format == "WEBP" else QUALITY}
        if image_format == "JPEG":
            self.options["progressive"] = True
        super().__init__(source)


# imagekit makes a missing file on demand only for the generators registered with it.
register.generator("images:rendition", Rendition)


def rendition(
    image: Image, *, width: int, height: int | None = None, image_format: str = "JPEG"
) -> ImageCacheFile:
    """The file of ``image`` at ``width`` (and cropped to ``height`` around its focal point,
    when given), made now if it is not there yet."""
    recipe = {
        "width": width,
        "height": height,
        "focal_point": image.focal_point,
        "image_format": image_format,
    }
    spec = Rendition(image.file, **recipe)
    return ImageCacheFile(spec, name=rendition_name(image.file.name, **recipe))


@lru_cache(maxsize=8192)
def rendition_name(source_name: str, **recipe) -> str:
    """imagekit's name for a rendition of the original ``source_name`` made by ``recipe``,
    worked out once per process: imagekit hashes the pickled processors every time it
    is asked (some 0.2 ms a rendition, 1.4 ms a ``<picture>``), and the name depends on
    nothing but the original's name and the recipe, all in the image's own row."""
    return Rendition(_NamedSource(source_name), **recipe).cachefile_name


@dataclass(frozen=True)
class _NamedSource:
    """What imagekit's namer reads of a source: its name."""

    name: str


@dataclass(frozen=True)
class Source:
    mime_type: str
    srcset: str


def widths_for(image: Image) -> list[int]:
    """The widths offered: the standard ones the original can fill, and never more than it."""
    largest = min(image.width, WIDTHS[-1])
    return [*(width for width in WIDTHS if width < largest), largest]


def scaled_height(image: Image, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def rendition_urls(image: Image) -> dict[tuple[str, int], str]:
    """The address of every rendition a picture offers, by (format, width): each named
    once, however many ``<source>`` elements list it."""
    return {
        (image_format, width): rendition(image, width=width, image_format=image_format).url
        for _mime_type, image_format in FORMATS
        for width in widths_for(image)
    }


def sources(image: Image, urls: dict, up_to: int | None = None) -> list[Source]:
    """One ``<source>`` per format, each with every width (up to ``up_to`` when given),
    from the rendition addresses ``urls`` (``rendition_urls``)."""
    widths = [width for width in widths_for(image) if up_to is None or width <= up_to]
    return [
        Source(
            mime_type,
            ", ".join(
                f"{urls[image_format, width]} {width}w" for width in widths or widths_for(image)[:1]
            ),
        )
        for mime_type, image_format in FORMATS
    ]


def share_card_url(image: Image) -> str:
    """The 1200×630 crop that social networks show (``og:image``), around the focal point."""
    width, height = SHARE_CARD
    return rendition(image, width=width, height=height, image_format="JPEG").url


def share_card(image: Image, language: str) -> dict:
    """What a page's share card (``og:image``, ``twitter:image``) and its structured data
    say of ``image``: the crop's absolute address, its size, its alt text in ``language``."""
    url = share_card_url(image)
    width, height = SHARE_CARD
    return {
        # A store's address is absolute already; the disk's is a path on this site.
        "url": url if "://" in url else absolute_url(url),
        "width": width,
        "height": height,
        "alt": image.text_in("alt", language),
    }


def square_url(image: Image, size: int = SQUARE) -> str:
    """A square crop of ``image`` around its focal point."""
    return rendition(image, width=size, height=size, image_format="JPEG").url
