"""Rich text: HTML limited to paragraphs, links, emphasis, lists and subheadings.

Whatever an editor, a translation tool or a script sends, ``sanitise`` keeps only that,
and ``RichTextField`` applies it on every write (a model's save, ``update()``,
``bulk_update()``, a form), so that what is stored is always safe to show as it is.
"""

import html
import inspect
import re
from urllib.parse import urlsplit

import nh3
from django import forms
from django.conf import settings
from django.db import models
from django.forms.widgets import Script
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_prose_editor.widgets import ProseEditorWidget
from modeltranslation.fields import TranslationFieldDescriptor

from core.languages import link_in

# h2 and h3: the page's h1 is the headline, so a subheading of the text is a section of
# the article (h2), and at most one level below it (h3); deeper outlines are not news.
TAGS = frozenset({"p", "a", "em", "strong", "ul", "ol", "li", "h2", "h3"})
BLOCK_TAGS = ("p", "ul", "ol", "li", "h2", "h3")
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _link_filter(tag: str, attribute: str, value: str) -> str | None:
    """Only an ``a``'s ``href``, and only to the web, to an address, or within the site
    (``/…``, but not ``//host`` or ``/\\host``, which browsers read as another site)."""
    if tag != "a" or attribute != "href":
        return None
    if value.startswith("/"):
        return None if value[1:2] in ("/", "\\") else value
    scheme = urlsplit(value).scheme.lower()
    return value if scheme in URL_SCHEMES else None


_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes={"a": {"href"}},
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_link_filter,
    link_rel=None,  # set when the page is made: only external links get one
    strip_comments=True,
)


def sanitise(text: str) -> str:
    """``text`` as the HTML this field may hold, and nothing else."""
    return _cleaner.clean(text).strip()


def from_plain_text(text: str) -> str:
    """A plain paragraph as rich text that reads the same."""
    return sanitise(f"<p>{escape(text)}</p>") if text else ""


_BLOCK_EDGE = re.compile(rf"</?(?:{'|'.join(BLOCK_TAGS)})>")
_SPACES = re.compile(r"[ \t]*\n\s*")


def plain_text(text: str) -> str:
    """The words of rich text without its markup: one line per block."""
    without_tags = nh3.clean(_BLOCK_EDGE.sub("\n", text or ""), tags=set())
    return _SPACES.sub("\n", html.unescape(without_tags)).strip()


def plain_text_sql(column: str) -> str:
    """``plain_text`` in SQL, over a column of sanitised rich text: block tags part words,
    the others go, and the only references sanitised text holds are characters again."""
    blocks = "|".join(BLOCK_TAGS)
    text = f"regexp_replace({column}, '</?(?:{blocks})>', ' ', 'g')"
    text = f"regexp_replace({text}, '<[^>]*>', '', 'g')"
    for reference, character in (("&lt;", "'<'"), ("&gt;", "'>'"), ("&nbsp;", "chr(160)")):
        text = f"replace({text}, '{reference}', {character})"
    return f"btrim(replace({text}, '&amp;', '&'))"


# Sanitised HTML writes every link as exactly this (its only attribute, double-quoted).
_LINK = re.compile(r'<a href="([^"]*)">')


def render(text: str, *, language: str | None = None) -> SafeString:
    """Stored rich text for a page: a link to a page of the site leads to that page in
    ``language`` (``core.languages.link_in``); a link elsewhere gets ``rel``."""

    def rewrite(match: re.Match) -> str:
        href = html.unescape(match[1])
        if href.startswith(f"{settings.PORTAL_ORIGIN}/"):
            href = href.removeprefix(settings.PORTAL_ORIGIN)
        if href.startswith("/"):
            target = link_in(href, language) if language else None
            if target is None:
                return f'<a href="{escape(href)}">'
            if target.language:
                return format_html('<a href="{}" hreflang="{}">', target.url, target.language)
            return format_html('<a href="{}">', target.url)
        if href.startswith("mailto:"):
            return match[0]
        return f'<a href="{escape(href)}" rel="nofollow noopener">'

    # The text was sanitised on its way in; again here, so that a row written by raw SQL
    # still cannot put anything else on a page.
    return mark_safe(_LINK.sub(rewrite, sanitise(text or "")))


# The editor's extensions (django-prose-editor's names): exactly the markup of TAGS, and
# undo/redo (History). Paragraphs, the menu and the cursors come with every editor.
EDITOR_EXTENSIONS = {
    "Bold": True,  # strong
    "Italic": True,  # em
    "Link": {"enableTarget": False},  # href only, to URL_SCHEMES or /… (the script checks)
    "BulletList": True,  # ul
    # ol, without the dialog of its start and numbering style, which are not kept.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,  # li
    "Heading": {"levels": [2, 3]},
    "History": True,
    # The browser's spelling check stays on: the editors write prose.
    "NoSpellCheck": False,
}


class RichTextEditor(ProseEditorWidget):
    """A textarea of rich text that the browser turns into django-prose-editor's editor,
    able to write exactly what ``sanitise`` keeps; without JavaScript, the textarea.

    ``RichTextField`` puts it on its forms; on a plain form field::

        english = forms.CharField(widget=RichTextEditor(attrs={"lang": "en"}))

    (with ``sanitise`` on the cleaned value, as ``RichTextFormField`` does, or that field
    itself). Its script and styles come as files, none inline, for the CSP.
    """

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 10, "class": "vLargeTextField", **(attrs or {})},
            config={"extensions": EDITOR_EXTENSIONS},
            preset="rich-text",  # the textarea's data-django-prose-editor-rich-text
        )

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/rich-text-editor.css",
                ]
            },
            js=[Script("js/rich-text-editor.js", type="module")],
        )


class RichTextFormField(forms.CharField):
    widget = RichTextEditor

    def to_python(self, value):
        return sanitise(super().to_python(value))


class RichTextField(models.TextField):
    """A text field that stores only sanitised rich text, whoever writes it."""

    def to_python(self, value):
        value = super().to_python(value)
        return sanitise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if not isinstance(value, str):
            return value
        value = sanitise(value)
        # The instance holds what was stored; but not through modeltranslation's field of
        # the active language (``text``), which would write the fallback into ``text_en``.
        proxy = inspect.getattr_static(type(model_instance), self.attname, None)
        if not isinstance(proxy, TranslationFieldDescriptor):
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # update() and bulk_update() write without pre_save.
        if isinstance(value, str):
            value = sanitise(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        # The admin asks for its AdminTextareaWidget, as for every TextField: the editor
        # instead. A widget given as an instance (a form's Meta.widgets) is kept as chosen.
        widget = kwargs.get("widget")
        if widget is None or (
            isinstance(widget, type)
            and issubclass(widget, forms.Textarea)
            and not issubclass(widget, RichTextEditor)
        ):
            kwargs["widget"] = RichTextEditor
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})
