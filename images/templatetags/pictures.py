from django import template
from django.utils.translation import get_language

from images import renditions
from images.models import Image

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image: Image, sizes: str = "100vw", eager: bool = False, css_class: str = ""):
    """``<picture>`` of a library image: WebP and JPEG at every width in ``srcset`` (a
    phone's WebP at most ``renditions.PHONE_WIDTH``), its size reserved (width, height),
    loaded lazily unless ``eager`` (above the fold)."""
    urls = renditions.rendition_urls(image)
    sources = renditions.sources(image, urls)
    largest = renditions.widths_for(image)[-1]
    return {
        "image": image,
        "phone_media": renditions.PHONE,
        "phone_sources": renditions.sources(image, urls, up_to=renditions.PHONE_WIDTH)[:-1],
        "modern_sources": sources[:-1],
        "fallback": sources[-1],
        "src": urls["JPEG", largest],
        "width": largest,
        "height": renditions.scaled_height(image, largest),
        "alt": image.text_in("alt", get_language()),
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }


@register.simple_tag
def image_text(image: Image, field: str) -> str:
    """The image's ``field`` (caption, credit) in the page's language, never another's."""
    return image.text_in(field, get_language())
