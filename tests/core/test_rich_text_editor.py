"""Rich text is written in an editor (django-prose-editor) that can make exactly the markup
that is kept; the server still keeps nothing else."""

import json

import lxml.html
import pytest
from django import forms
from django_prose_editor.config import allowlist_from_extensions

from core.rich_text import EDITOR_EXTENSIONS, TAGS, RichTextEditor, RichTextFormField
from news.models import BodyItem
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

EDITOR_ATTRIBUTE = "data-django-prose-editor-rich-text"
# Paragraphs, bold, italic, links, lists, h2 and h3, undo and redo; and what every editor has.
EXTENSIONS = {
    *("Paragraph", "Bold", "Italic", "Link", "BulletList", "OrderedList", "ListItem"),
    *("Heading", "History"),
    *("Document", "Text", "Menu", "Dropcursor", "Gapcursor"),
}


def editor_textarea(html: str, name: str):
    [textarea] = lxml.html.fromstring(html).xpath(f'//textarea[@name="{name}"]')
    return textarea


def test_the_editor_can_make_exactly_the_markup_that_is_kept():
    assert allowlist_from_extensions(EDITOR_EXTENSIONS)["tags"] == TAGS


def test_the_body_of_an_article_is_written_in_the_editor_in_both_languages(editor_client):
    article = ArticleFactory(draft=True)
    ParagraphFactory(
        article=article,
        text_ru='<p>Один <a href="/ru/">два</a></p>',
        text_en="<p>One <strong>two</strong></p>",
    )

    response = editor_client.get(change_url(article))
    html = response.content.decode()

    # Each language's tab, and the template of a row added with "Add another".
    for name, stored in (
        ("body-0-text_ru", '<p>Один <a href="/ru/">два</a></p>'),
        ("body-0-text_en", "<p>One <strong>two</strong></p>"),
        ("body-__prefix__-text_ru", ""),
        ("body-__prefix__-text_en", ""),
    ):
        textarea = editor_textarea(html, name)
        config = json.loads(textarea.get(EDITOR_ATTRIBUTE))
        assert set(config["extensions"]) == EXTENSIONS, name
        assert config["extensions"]["Heading"] == {"levels": [2, 3]}
        assert config["extensions"]["OrderedList"] == {"enableListAttributes": False}
        # Without JavaScript, it is a textarea of the HTML, as before; the tabs still work.
        assert (textarea.text or "").removeprefix("\n") == stored
        assert "mt" in textarea.get("class").split()

    media = str(response.context["media"])
    assert '<script src="/static/js/rich-text-editor.js" type="module"></script>' in media
    for stylesheet in ("django_prose_editor/editor.css", "css/rich-text-editor.css"):
        assert f'href="/static/{stylesheet}"' in media
    assert media in html


def test_the_editor_needs_no_inline_script_or_style(editor_client):
    """The Content-Security-Policy allows scripts and styles from the site only."""
    article = ArticleFactory(draft=True)
    ParagraphFactory(article=article)

    response = editor_client.get(change_url(article))

    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    tree = lxml.html.fromstring(response.content)
    for script in tree.xpath("//script"):
        # A data block (application/json) is not run, and needs no permission.
        source = lxml.html.tostring(script)
        assert script.get("src") or script.get("type") == "application/json", source
    assert tree.xpath("//style") == []
    assert 'type="importmap"' not in response.content.decode()


def test_what_an_editor_posts_is_sanitised_all_the_same(editor_client):
    article = ArticleFactory(draft=True)
    item = ParagraphFactory(article=article)
    values = open_form(editor_client, change_url(article))
    values["body-0-text_ru"] = (
        '<p onclick="steal()">Один<script>steal()</script> '
        '<a href="javascript:steal()">два</a> <strong>три</strong></p>'
    )
    values["body-0-text_en"] = '<p><a href="https://example.org/" target="_blank">One</a></p>'

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    item = BodyItem.objects.get(pk=item.pk)
    assert item.text_ru == "<p>Один <a>два</a> <strong>три</strong></p>"
    assert item.text_en == '<p><a href="https://example.org/">One</a></p>'


def test_the_editor_on_a_plain_form_field():
    class EnglishForm(forms.Form):
        english = forms.CharField(required=False, widget=RichTextEditor(attrs={"lang": "en"}))
        rich = RichTextFormField(required=False)

    form = EnglishForm(data={"english": "<p>One</p>", "rich": "<p>Two<script>x()</script></p>"})

    html = str(form["english"])
    assert EDITOR_ATTRIBUTE in html and 'lang="en"' in html and "<textarea" in html
    assert EDITOR_ATTRIBUTE in str(form["rich"])
    assert "js/rich-text-editor.js" in str(form.media)
    assert form.is_valid()
    assert form.cleaned_data["rich"] == "<p>Two</p>"


def test_a_widget_chosen_for_the_field_is_kept():
    field = BodyItem._meta.get_field("text_ru")

    assert isinstance(field.formfield().widget, RichTextEditor)
    plain = forms.Textarea()
    assert field.formfield(widget=plain).widget is not None
    assert not isinstance(field.formfield(widget=plain).widget, RichTextEditor)
