"""Paragraphs are rich text: only links, emphasis, lists and subheadings, whoever writes."""

import pytest
from django.core.exceptions import ValidationError

from core.rich_text import from_plain_text, plain_text, render, sanitise
from news.models import BodyItem
from tests.factories import ArticleFactory, ParagraphFactory
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ("<p onclick=\"alert(1)\" onmouseover='x()'>Hi</p>", "<p>Hi</p>"),
        ('<p><a href="javascript:alert(1)">Hi</a></p>', "<p><a>Hi</a></p>"),
        ('<p><a href="JaVaScRiPt:alert(1)">Hi</a></p>', "<p><a>Hi</a></p>"),
        ('<p><a href="data:text/html,x">Hi</a></p>', "<p><a>Hi</a></p>"),
        ('<p><a href="//evil.example/">Hi</a></p>', "<p><a>Hi</a></p>"),
        ('<p><a href="/\\evil.example/">Hi</a></p>', "<p><a>Hi</a></p>"),
        ("<p><blink>Hi</blink> <u>there</u><img src=x onerror=alert(1)></p>", "<p>Hi there</p>"),
        ('<p style="color:red">Hi <em style="x">you</em></p>', "<p>Hi <em>you</em></p>"),
        (
            '<p class="x" id="y"><a href="/ru/" title="t" target="_blank">Hi</a></p>',
            '<p><a href="/ru/">Hi</a></p>',
        ),
        ("<style>p{}</style><iframe src=x></iframe><p>Hi</p><!-- note -->", "<p>Hi</p>"),
        (
            "<h1>Big</h1><h2>Section</h2><h3>Sub</h3><h4>Deep</h4>",
            "Big<h2>Section</h2><h3>Sub</h3>Deep",
        ),
    ],
)
def test_only_the_allowed_markup_survives(written, stored):
    assert sanitise(written) == stored


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="https://example.org/a?b=1&amp;c=2">web</a></p>',
        '<p><a href="http://example.org/">web</a></p>',
        '<p><a href="mailto:press@example.org">mail</a></p>',
        '<p><a href="/en/news/x/">site</a></p>',
        "<p><em>a</em> <strong>b</strong></p><ul><li>c</li></ul><ol><li>d</li></ol>",
    ],
)
def test_the_allowed_markup_is_kept_as_written(html):
    assert sanitise(html) == html


def test_every_writer_stores_sanitised_text():
    article = ArticleFactory()
    written = '<p onclick="x()">Один<script>x()</script></p>'
    item = ParagraphFactory(article=article, text_ru=written, text_en=written)
    assert (item.text_ru, item.text_en) == ("<p>Один</p>", "<p>Один</p>")

    BodyItem.objects.filter(pk=item.pk).update(text_ru='<p><a href="javascript:x()">Два</a></p>')
    item.refresh_from_db()
    assert item.text_ru == "<p><a>Два</a></p>"

    item.text_en = "<p>Three<iframe></iframe></p>"
    BodyItem.objects.bulk_update([item], ["text_en"])
    item.refresh_from_db()
    assert item.text_en == "<p>Three</p>"


def test_a_paragraph_of_nothing_but_forbidden_markup_is_refused_as_empty():
    item = BodyItem(article=ArticleFactory(), position=9, text_ru="<script>x()</script>")
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert item.text_ru == ""
    assert list(refused.value.message_dict) == ["__all__"]


def test_plain_text_reads_as_before_and_back():
    text = 'Он сказал: "да" & <нет>\xa0— так'
    assert plain_text(from_plain_text(text)) == text
    assert plain_text("<h2>A</h2><p>b <em>c</em></p><ul><li>d</li><li>e</li></ul>") == (
        "A\nb c\nd\ne"
    )


def test_external_links_get_rel_and_the_site_own_do_not():
    html = render(
        '<p><a href="https://example.org/">a</a> <a href="/ru/">b</a> '
        '<a href="mailto:a@example.org">c</a></p>'
    )
    assert '<a href="https://example.org/" rel="nofollow noopener">a</a>' in html
    assert '<a href="/ru/">b</a>' in html
    assert '<a href="mailto:a@example.org">c</a>' in html


def test_the_article_page_shows_the_markup_and_never_a_script(client):
    article = ArticleFactory()
    ParagraphFactory(
        article=article,
        text_ru="<h2>Раздел</h2><p>Текст <strong>важный</strong></p><ul><li>пункт</li></ul>",
        text_en="<h2>Section</h2><p>Text <em>stressed</em></p>",
    )
    BodyItem.objects.filter(article=article).update(text_en="<p>Text<script>x</script></p>")

    russian = page(client, url_in(article, "ru"))
    english = page(client, url_in(article, "en"))

    assert "<h2>Раздел</h2><p>Текст <strong>важный</strong></p><ul><li>пункт</li></ul>" in russian
    assert '<div class="article__text"><p>Text</p></div>' in english
    assert "<script>x" not in english
