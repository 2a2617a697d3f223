from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def lang_attr(obj, field: str) -> str:
    """` lang="ru"` when ``obj.field`` shows another language's text (modeltranslation's
    fallback), so that screen readers and search engines read it in the right language."""
    language = translation.get_language()
    if getattr(obj, f"{field}_{language}", None):
        return ""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    for fallback in fallbacks:
        if fallback != language and getattr(obj, f"{field}_{fallback}", None):
            return format_html(' lang="{}"', fallback)
    return ""
