import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Inside <script> the HTML parser looks only for "</script" (and "<!--"): with <, > and &
# written as JSON escapes, no field can end the element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data) -> str:
    """``data`` as a JSON-LD <script> element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# Open Graph names a locale with its region; the portal's languages each have one.
_OPEN_GRAPH_LOCALES = {"ru": "ru_RU", "en": "en_GB"}


@register.filter
def og_locale(language_code: str) -> str:
    """The Open Graph locale (``ru_RU``) of a language code (``ru``)."""
    return _OPEN_GRAPH_LOCALES[language_code]


@register.simple_tag(takes_context=True)
def page_address(context, page_number: bool = True) -> str:
    """The page's own address: its path, the query that names what it shows (search's
    words, ``page_query``) and, unless told, its page number past the first; nothing else
    a link may have added."""
    parameters = [context["page_query"]] if context.get("page_query") else []
    page = context.get("page_obj")
    if page_number and page and page.number > 1:
        parameters.append(f"page={page.number}")
    path = context["request"].path
    return f"{path}?{'&'.join(parameters)}" if parameters else path
