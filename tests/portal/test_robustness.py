"""Nothing a stranger sends gives a 500 or changes a stored byte."""

import re
import string
import sys
import unicodedata

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.admin_forms import logged_in
from tests.factories import ArticleFactory, PlacedQuoteFactory
from tests.pages import page
from translations.status import tracked_fields
from translations.xliff import NAMESPACE, unit_id

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/ru/",
    "/en/",
    "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
    "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
    "/ru/novosti/rss/",
    "/en/news/atom/",
    "/ru/partnery/",
    "/en/partners/organisations/innobiz/",
    "/en/partners/people/natalya-sergunina/",
    "/ru/poisk/",
    "/en/search/",
    "/sitemap.xml",
    "/robots.txt",
    "/admin/login/",
]
CONTENT = [
    "news.Article",
    "news.BodyItem",
    "partners.Quote",
    "partners.Official",
    "partners.Organisation",
]

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=200)
path_segment = st.text(
    alphabet=string.ascii_letters + string.digits + "-_.~%!$&'()*+,;=:@йё", max_size=40
)
# Each script's zero; its other digits follow it.
ZEROS = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if unicodedata.category(chr(code)) == "Nd" and unicodedata.digit(chr(code)) == 0
]
# 1 as int() reads it and no link of ours writes it: "١", "０１", " 1", "+1", "1\n".
one_written_oddly = st.builds(
    lambda before, zero, zeros, after: before + zero * zeros + chr(ord(zero) + 1) + after,
    st.sampled_from(["", " ", "+", "\t", "\u2003"]),
    st.sampled_from(ZEROS),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["", " ", "\n"]),
)
# Numbers as a stranger writes them: any script's digits and number signs ("٣", "３",
# "²", "½"), past PostgreSQL's bigint and int()'s 4 300 digits, signs, spaces, "1_000".
numbers = st.one_of(
    one_written_oddly,
    st.text(alphabet=st.characters(categories=("Nd", "No")), min_size=1, max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"\s*[+-]?[0-9_]{1,30}\s*", fullmatch=True),
    st.text(alphabet=string.digits, min_size=4000, max_size=5000),
)
# Search operators, and runs of websearch_to_tsquery's NOT ("-") with the signs it skips.
operator_signs = st.text(alphabet="!&|()<->:*\"'- ", min_size=20, max_size=200)
negation_runs = st.lists(
    st.sampled_from(["-", "- ", "--", "-!", "-(", "-)", "-<", "-&", "-|"]),
    min_size=20,
    max_size=100,
).map("".join)
search_words = st.sampled_from(["", "Innobiz ", "Москва ", "or ", '"технопарк" '])
xml_text = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def snapshot() -> str:
    """Every stored content row. (In one language: modeltranslation shows the active one in
    the untranslated field, and a request may leave another active.)"""
    with translation.override("ru"):
        return "".join(
            serializers.serialize("json", apps.get_model(label).objects.order_by("pk"))
            for label in CONTENT
        )


@pytest.fixture
def stored(seeded):
    return snapshot()


def not_a_server_error(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:500])


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    url=st.sampled_from(PUBLIC_URLS),
    extra=st.lists(path_segment, max_size=3),
    page_number=text,
    q=text,
    lang=text,
)
def test_any_path_and_query_string(client, stored, url, extra, page_number, q, lang):
    path = url + "/".join(extra)
    response = client.get(path, {"page": page_number, "q": q, "lang": lang})

    not_a_server_error(response)
    assert snapshot() == stored


@SETTINGS
@given(
    url=st.sampled_from(PUBLIC_URLS),
    accept_language=header_text,
    if_none_match=header_text,
    host=header_text,
)
def test_any_headers(client, stored, url, accept_language, if_none_match, host):
    response = client.get(
        url,
        HTTP_ACCEPT_LANGUAGE=accept_language,
        HTTP_IF_NONE_MATCH=if_none_match,
        HTTP_HOST=host or "testserver",
    )

    not_a_server_error(response)
    assert snapshot() == stored


@SETTINGS
@given(url=st.sampled_from(PUBLIC_URLS), form=st.dictionaries(text, text, max_size=5))
def test_any_form_posted_anywhere(stored, url, form):
    client = Client(enforce_csrf_checks=True)

    response = client.post(url, form)

    not_a_server_error(response)
    assert snapshot() == stored


def test_raw_bytes_in_the_path_and_query(client, stored):
    for raw in (
        "/ru/%ff%fe/",
        "/ru/?page=%00",
        "/en/search/?q=%ff%00%c3%28",
        "/ru/novosti/%00/",
        "/%2e%2e/etc/passwd",
    ):
        not_a_server_error(client.get(raw))
    assert snapshot() == stored


def test_an_oversized_body_is_refused_with_a_4xx(client, stored):
    big = client.post("/admin/login/", {"username": "x" * (3 * 1024 * 1024), "password": "y"})
    many = client.post("/admin/login/", {f"field{n}": "x" for n in range(6000)})

    assert big.status_code == 413 and many.status_code == 400
    assert snapshot() == stored


@pytest.mark.parametrize("language", ["ru", "en"])
def test_user_content_holding_html_is_shown_as_text(client, language):
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    article = ArticleFactory(
        headline_ru=hostile,
        headline_en=hostile,
        lead_ru=hostile,
        lead_en=hostile,
        slug_en="h",
        slug_ru="h",
    )
    PlacedQuoteFactory(article=article, quote__text_ru=hostile, quote__text_en=hostile)
    base = "/ru/novosti/h/" if language == "ru" else "/en/news/h/"

    for url in (
        base,
        f"/{language}/",
        f"/{language}/{'novosti' if language == 'ru' else 'news'}/rss/",
    ):
        html = page(client, url)
        assert "<script>alert(2)" not in html and '<img src=x onerror="alert(1)">' not in html


def search_url(language: str) -> str:
    return "/ru/poisk/" if language == "ru" else "/en/search/"


@SETTINGS
@given(number=numbers, language=st.sampled_from(["ru", "en"]))
def test_any_page_number_of_search_results(client, stored, number, language):
    response = client.get(search_url(language), {"q": "Innobiz", "page": number})

    not_a_server_error(response)
    # The results fit on one page: only "1" names a page; anything else is a 404.
    assert response.status_code == (200 if re.fullmatch("0*1", number) else 404), number


@SETTINGS
@given(
    before=search_words,
    signs=st.one_of(operator_signs, negation_runs),
    after=search_words,
    language=st.sampled_from(["ru", "en"]),
)
def test_any_run_of_search_operators_is_searched(client, stored, before, signs, after, language):
    response = client.get(search_url(language), {"q": before + signs + after})

    # Searched, not a 500, nor the 400 for words PostgreSQL refuses.
    assert response.status_code == 200, (response.status_code, before + signs + after)
    assert snapshot() == stored


UNIT_ID_WORDS = [
    *("news", "article", "bodyitem", "partners", "quote", "organisation", "official"),
    *("auth", "user", "headline", "lead", "text", "name", "slug", "username", ""),
]
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def unit_id_shapes(real_ids: list[str]):
    """Unit ids as an export writes them, and every other shape: too few or many parts,
    models that are not translated, fields that are not, odd and huge numbers."""
    part = st.one_of(
        st.sampled_from(UNIT_ID_WORDS),
        # XML has no place for most control characters, which \s matches.
        numbers.filter(lambda number: len(number) < 40 and not XML_FORBIDDEN.search(number)),
        st.text(alphabet=xml_text, max_size=10),
    )
    return st.one_of(
        st.sampled_from(real_ids),
        st.lists(part, max_size=6).map(".".join),
        st.text(alphabet=xml_text, max_size=40),
    )


def xliff_file(uid: str, source: str, target: str) -> bytes:
    root = etree.Element(
        f"{{{NAMESPACE}}}xliff", nsmap={None: NAMESPACE}, version="2.0", srcLang="ru", trgLang="en"
    )
    file = etree.SubElement(root, f"{{{NAMESPACE}}}file", id="f")
    unit = etree.SubElement(file, f"{{{NAMESPACE}}}unit", id=uid)
    segment = etree.SubElement(unit, f"{{{NAMESPACE}}}segment")
    etree.SubElement(segment, f"{{{NAMESPACE}}}source").text = source
    etree.SubElement(segment, f"{{{NAMESPACE}}}target").text = target
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def units(seeded):
    """(unit id, Russian) of every translated field of the content, empty ones too (a
    body item placing a quote has no text of its own)."""
    found = {}
    for label in CONTENT:
        model = apps.get_model(label)
        for obj in model.objects.all():
            for field in tracked_fields(model):
                found[unit_id(obj, field)] = getattr(obj, f"{field}_ru") or ""
    return found


@SETTINGS
@given(data=st.data())
def test_any_xliff_unit(translator, units, data):
    uid = data.draw(unit_id_shapes(list(units)), label="unit id")
    source = data.draw(st.one_of(st.just(units.get(uid, "")), st.text(xml_text, max_size=20)))
    target = data.draw(
        st.one_of(st.text(xml_text, max_size=50), st.text(xml_text, min_size=250, max_size=400)),
        label="target",
    )
    client = logged_in(translator, "en")
    before = snapshot()

    response = client.post(
        "/admin/translations/import/",
        {"file": SimpleUploadedFile("work.xlf", xliff_file(uid, source, target))},
        follow=True,
    )

    not_a_server_error(response)
    messages = [str(message) for message in response.context["messages"]]
    if any("Nothing was imported" in message for message in messages):
        assert snapshot() == before
    else:
        assert messages == ["1 English field imported."], messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "language", "words"),
    [("/ru/", "ru", "Форма устарела"), ("/en/", "en", "The form has expired")],
)
def test_a_form_sent_without_its_csrf_token_is_refused_in_the_pages_language(path, language, words):
    response = Client(enforce_csrf_checks=True).post(path, {"q": "x"})

    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}"' in html
    assert words in html
