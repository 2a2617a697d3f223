from django import template
from django.utils.safestring import SafeString

from core import rich_text as rich_text_module

register = template.Library()


@register.filter
def rich_text(text: str, language: str | None = None) -> SafeString:
    """Stored rich text as the page shows it, its links to the site's pages in ``language``
    (the reader's: ``core.rich_text.render``)."""
    return rich_text_module.render(text, language=language)
