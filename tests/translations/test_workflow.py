"""A translator's work: English only, status per field, outdated translations, the ready
switch, exchange files and provenance, as the admin and the English pages show them."""

import tracemalloc

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from news.models import Article, BodyItem
from tests.admin_forms import change_url, errors, form_values, logged_in
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    OrganisationFactory,
    russian_only_article,
)
from tests.pages import page
from translations.models import FieldTranslation, Status
from translations.status import field_states, item_states, overall

pytestmark = pytest.mark.django_db

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
HEADER = (
    b"<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0' srcLang='ru' trgLang='en'>"
)


@pytest.fixture
def article():
    return russian_only_article(
        headline_ru="Москва запускает программу",
        slug_ru="moskva-zapuskaet",
        paragraph="Первый абзац.",
        quote="«Цитата»",
    )


def open_form(client, obj) -> dict:
    return form_values(page(client, change_url(obj)), f"{obj._meta.model_name}_form")


def statuses(obj) -> dict[str, Status]:
    return {state.field: state.status for state in field_states(type(obj).objects.get(pk=obj.pk))}


def shown_errors(response) -> str:
    return " ".join(errors(response))


def fill_english(values: dict) -> dict:
    values.update(
        headline_en="Moscow launches a programme",
        lead_en="The news in brief.",
        source_name_en="Official website of the Mayor of Moscow",
    )
    values["body-0-english"] = "The first paragraph."
    values["body-1-english"] = "“A quote”"
    return values


# English only, enforced by the server


def test_the_translator_sees_each_english_field_beside_its_russian_source(
    translator_client, article
):
    html = page(translator_client, change_url(article))

    assert 'name="headline_en"' in html and 'name="headline_ru"' not in html
    assert "Москва запускает программу" in html  # the source, as text
    assert 'name="status"' not in html and 'name="slug_ru"' not in html
    assert 'name="body-0-english"' in html and "Первый абзац." in html
    assert 'name="body-0-text_ru"' not in html


def test_the_translators_form_reads_in_the_order_of_the_article(translator_client, article):
    html = page(translator_client, change_url(article))

    positions = [
        html.index(f'name="{name}"') for name in ("headline_en", "lead_en", "source_name_en")
    ]
    assert positions == sorted(positions)


def test_the_still_fits_box_is_offered_only_where_the_english_is_outdated(
    translator_client, article
):
    first = article.body.get(position=1)
    BodyItem.objects.filter(pk=first.pk).update(text_en="The first paragraph.")
    FieldTranslation.objects.create(item=first, field="text", source_text="Старый первый абзац.")

    document = lxml.html.fromstring(page(translator_client, change_url(article)))

    def box(index):
        return document.xpath(f'//input[@name="body-{index}-reviewed"]')[0].get("type")

    assert box(0) == "checkbox"  # outdated: the Russian changed since
    assert box(1) == "hidden"  # a quote with no English yet: nothing to confirm


def test_the_translator_saves_english(translator_client, translator, article):
    values = open_form(translator_client, article)
    values["headline_en"] = "Moscow launches a programme"

    response = translator_client.post(change_url(article), values)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Moscow launches a programme"
    assert article.headline_ru == "Москва запускает программу"
    record = FieldTranslation.objects.get(object_id=article.pk, field="headline")
    assert (record.translated_by, record.source_text) == (translator, "Москва запускает программу")
    assert article.slug_en == "moscow-launches-a-programme"  # made from the English headline


@pytest.mark.parametrize(
    "forged",
    [
        {"headline_ru": "Подменённый заголовок"},
        {"status": "draft"},
        {"slug_ru": "podmena"},
        {"published_at_0": "01.01.2030", "published_at_1": "10:00:00"},
        {"source_url": "https://evil.example/"},
        {"body-0-text_ru": "Подменённый абзац"},
        {"body-1-official": "1"},
    ],
    ids=[
        "russian-field",
        "status",
        "russian-slug",
        "date",
        "source-url",
        "body-russian",
        "quote-official",
    ],
)
def test_a_translators_request_that_changes_anything_but_english_is_refused(
    translator_client, article, forged
):
    before = Article.objects.values().get(pk=article.pk)
    body_before = list(article.body.values())
    values = open_form(translator_client, article)
    values["headline_en"] = "Sneaked in with the forgery"
    values.update(forged)

    response = translator_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Translators may change only the English text" in shown_errors(response)
    assert Article.objects.values().get(pk=article.pk) == before
    assert list(article.body.values()) == body_before


def test_a_refused_body_field_is_named_as_the_form_labels_it(translator_client, article):
    values = open_form(translator_client, article)
    values.update({"body-0-text_ru": "Подменённый абзац", "body-0-quote_text_ru": "«Цитата»"})

    refusal = shown_errors(
        translator_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="en")
    ).lower()

    assert "paragraph [ru]" in refusal
    assert "quote [ru]" in refusal
    assert "text_ru" not in refusal


def test_translators_cannot_add_or_delete(translator_client, article):
    assert translator_client.get("/admin/news/article/add/").status_code == 403
    response = translator_client.post(
        reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_translator_translates_an_official_too(translator_client):
    official = OfficialFactory(full_name_en="", position_en="")
    values = open_form(translator_client, official)
    values.update(
        full_name_en="Anna Ivanova", position_en="Head of Department", full_name_ru="Подмена"
    )

    refused = translator_client.post(change_url(official), values)
    del values["full_name_ru"]
    accepted = translator_client.post(change_url(official), values)

    assert refused.status_code == 200 and accepted.status_code == 302
    assert "Translators may change only the English text" in shown_errors(refused)
    official.refresh_from_db()
    assert (official.full_name_en, official.position_en) == ("Anna Ivanova", "Head of Department")
    assert official.full_name_ru.startswith("Иван Петров")


# Status per field and item


def test_status_follows_each_kind_of_edit(translator_client, editor_client, article):
    assert set(statuses(article).values()) == {Status.MISSING}
    assert overall(item_states(article)) == Status.MISSING

    values = open_form(translator_client, article)
    values["headline_en"] = "Moscow launches a programme"
    translator_client.post(change_url(article), values)
    assert statuses(article)["headline"] == Status.UP_TO_DATE
    assert statuses(article)["lead"] == Status.MISSING

    # An editor changes the Russian headline: its English is now outdated.
    values = form_values(page(editor_client, change_url(article)), "article_form")
    values["headline_ru"] = "Москва запускает новую программу"
    assert editor_client.post(change_url(article), values).status_code == 302
    assert statuses(article)["headline"] == Status.OUTDATED

    # The translator sees what changed in the Russian, as a diff...
    html = page(translator_client, change_url(article))
    assert "The Russian changed since the English was written" in html
    assert "<ins>новую" in html
    # ...and clears the flag by confirming the English, or by rewriting it.
    values = form_values(html, "article_form")
    values["reviewed_headline"] = "on"
    assert translator_client.post(change_url(article), values).status_code == 302
    assert statuses(article)["headline"] == Status.UP_TO_DATE


def test_an_english_paragraph_goes_out_of_date_when_its_russian_changes(editor_client, article):
    article.body.filter(position=1).update(text_en="The first paragraph.")
    paragraph = article.body.get(position=1)
    FieldTranslation.objects.create(item=paragraph, field="text", source_text="Первый абзац.")
    assert statuses(paragraph)["text"] == Status.UP_TO_DATE

    values = form_values(page(editor_client, change_url(article)), "article_form")
    values["body-0-text_ru"] = "Первый абзац, исправленный."
    assert editor_client.post(change_url(article), values).status_code == 302

    assert statuses(paragraph)["text"] == Status.OUTDATED


def test_status_column_and_filter_in_the_list(translator_client, article):
    done = ArticleFactory(headline_ru="Всё переведено")

    missing = page(translator_client, "/admin/news/article/?translation=missing")
    up_to_date = page(translator_client, "/admin/news/article/?translation=up_to_date")

    # The list speaks the translator's language: English headlines, Russian where missing.
    assert article.headline_ru in missing and done.headline_en not in missing
    assert done.headline_en in up_to_date and article.headline_ru not in up_to_date
    assert "translation-status--missing" in missing
    assert page(translator_client, "/admin/news/article/?translation=nonsense")


def test_the_dashboard_lists_the_work_with_progress(translator_client, article):
    html = page(translator_client, "/admin/translations/")

    assert "Москва запускает программу" in html
    assert change_url(article) in html
    # Headline, lead, source, paragraph and quote to do; the quoted official's name and
    # position and their organisation's name and description are translated already.
    assert "4/9" in html


# Ready


def test_english_cannot_be_ready_while_something_is_missing(translator_client, article):
    values = fill_english(open_form(translator_client, article))
    values["english_ready"] = "on"
    values["lead_en"] = ""
    values["body-1-english"] = ""

    response = translator_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    errors = shown_errors(response)
    assert "cannot be ready while these are empty: lead [en]" in errors
    assert "1 block of the body has no English yet" in errors
    article.refresh_from_db()
    assert not article.english_ready and article.headline_en == ""


def test_the_english_page_before_and_after_ready_and_when_outdated(
    translator_client, editor_client, client, article
):
    before = page(client, "/en/news/moskva-zapuskaet/")
    assert "has not been translated into English yet" in before

    values = fill_english(open_form(translator_client, article))
    values["english_ready"] = "on"
    response = translator_client.post(change_url(article), values)
    assert response.status_code == 302, shown_errors(response)

    after = page(client, "/en/news/moscow-launches-a-programme/")
    assert "Moscow launches a programme" in after and "The first paragraph." in after
    assert "Translated from Russian on" in after
    assert "has been updated since" not in after
    assert "Moscow launches a programme" in page(client, "/en/")

    # The Russian grows a new paragraph: English readers keep the translated text.
    values = form_values(page(editor_client, change_url(article)), "article_form")
    values["body-0-text_ru"] = "Первый абзац, дополненный."
    response = editor_client.post(change_url(article), values)
    assert response.status_code == 302, shown_errors(response)

    outdated = page(client, "/en/news/moscow-launches-a-programme/")
    assert "The first paragraph." in outdated
    assert "Первый абзац" not in outdated
    assert "The Russian original has been updated since" in outdated


# Exchange files


def export(client) -> etree._Element:
    response = client.get("/admin/translations/export/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xliff+xml")
    return etree.fromstring(response.content)


def upload(client, document: etree._Element | bytes, language: str = "en"):
    data = (
        document
        if isinstance(document, bytes)
        else etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    )
    return client.post(
        "/admin/translations/import/",
        {"file": SimpleUploadedFile("work.xlf", data, content_type="application/xliff+xml")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def translate_all(document: etree._Element) -> None:
    for segment in document.iter(f"{XLIFF}segment"):
        target = segment.find(f"{XLIFF}target")
        if target is None:
            target = etree.SubElement(segment, f"{XLIFF}target")
        target.text = "EN: " + segment.find(f"{XLIFF}source").text


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_export_edit_import_round_trip(translator_client, translator, article):
    document = export(translator_client)
    assert document.get("srcLang") == "ru" and document.get("trgLang") == "en"
    sources = [source.text for source in document.iter(f"{XLIFF}source")]
    assert {"Москва запускает программу", "Первый абзац.", "«Цитата»"} <= set(sources)

    translate_all(document)
    response = upload(translator_client, document)

    assert any("English fields imported" in message for message in messages_of(response))
    article.refresh_from_db()
    assert article.headline_en == "EN: Москва запускает программу"
    assert article.body.get(position=1).text_en == "EN: Первый абзац."
    assert article.body.get(position=2).quote.text_en == "EN: «Цитата»"
    assert overall(item_states(Article.objects.get(pk=article.pk))) == Status.UP_TO_DATE
    assert FieldTranslation.objects.filter(translated_by=translator).count() >= 5


def test_an_import_with_one_bad_unit_changes_nothing(translator_client, article):
    document = export(translator_client)
    translate_all(document)
    article.headline_ru = "Русский заголовок изменился после выгрузки"
    article.save()

    response = upload(translator_client, document)

    messages = messages_of(response)
    assert any("Nothing was imported" in message for message in messages)
    assert any("the Russian text has changed since the export" in message for message in messages)
    article.refresh_from_db()
    assert article.lead_en == "" and article.body.get(position=1).text_en == ""
    assert not FieldTranslation.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<xliff version='2.0' not closed", "not well-formed XML"),
        (b"<?xml version='1.0'?><html/>", "not XLIFF 2.0"),
        (
            HEADER.replace(b"srcLang='ru' trgLang='en'", b"srcLang='en' trgLang='de'")
            + b"<file id='f'><unit id='news.article.1.headline'><segment><source>x</source>"
            b"</segment></unit></file></xliff>",
            "Wrong languages",
        ),
        (
            HEADER
            + b"<file id='f'><unit id='news.article.999999.headline'><segment><source>x</source>"
            b"<target>y</target></segment></unit></file></xliff>",
            "no such item",
        ),
        (
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
            + HEADER
            + b"<file id='f'><unit id='news.article.1.headline'><segment><source>&e;</source>"
            b"<target>y</target></segment></unit></file></xliff>",
            "declares a DTD",
        ),
        (
            b"<?xml version='1.0'?><!DOCTYPE xliff [<!ENTITY e 'Smuggled'>]>"
            + HEADER
            + b"<file id='f'><unit id='partners.organisation.1.name'><segment><source>x</source>"
            b"<target>&e;</target></segment></unit></file></xliff>",
            "declares a DTD",
        ),
    ],
    ids=[
        "malformed",
        "not-xliff",
        "wrong-language",
        "unknown-item",
        "external-entity",
        "internal-entity",
    ],
)
def test_a_bad_file_is_refused_with_a_clear_problem(translator_client, article, content, problem):
    response = upload(translator_client, content)

    messages = " ".join(messages_of(response))
    assert "Nothing was imported" in messages
    assert problem in messages
    assert "root:" not in messages  # /etc/passwd was never read


def xliff_units(*units: tuple[str, str, str]) -> bytes:
    """An XLIFF file of (unit id, source, target) units, written as given."""
    return (
        HEADER
        + b"<file id='f'>"
        + b"".join(
            f"<unit id='{uid}'><segment><source>{source}</source><target>{target}</target>"
            f"</segment></unit>".encode()
            for uid, source, target in units
        )
        + b"</file></xliff>"
    )


def in_arabic_indic_digits(number: int) -> str:
    return "".join(chr(0x0660 + int(digit)) for digit in str(number))


@pytest.mark.parametrize(
    ("unit", "problem"),
    [
        ("auth.user.{pk}.username", "username is not a translated field"),
        ("news.article.{pk}.nonexistent_field", "nonexistent_field is not a translated field"),
        ("news.article.{pk}.headline_en", "headline_en is not a translated field"),
        ("news.article.999999999.headline", "no such item"),
        ("news.article.99999999999999999999999.headline", "not an item of the portal"),
        ("news.article.abc.headline", "not an item of the portal"),
        # int() reads each of these as the article's number; unit_id never writes them.
        ("news.article.{arabic_indic_pk}.headline", "not an item of the portal"),
        ("news.article. {pk}.headline", "not an item of the portal"),
        ("news.article.+{pk}.headline", "not an item of the portal"),
        ("news.article.-1.headline", "not an item of the portal"),
        ("news.article.{pk}.", "not an item of the portal"),
        ("news.article.{pk}", "not an item of the portal"),
        ("news.article.{pk}.headline.extra", "not an item of the portal"),
        ("news..{pk}.headline", "not an item of the portal"),
        ("headline", "not an item of the portal"),
        ("", "Unit ?: not an item of the portal"),
    ],
)
def test_a_unit_naming_nothing_translatable_is_refused_naming_it(
    translator_client, article, unit, problem
):
    uid = unit.format(pk=article.pk, arabic_indic_pk=in_arabic_indic_digits(article.pk))

    response = upload(translator_client, xliff_units((uid, article.headline_ru, "Forged")))

    messages = " ".join(messages_of(response))
    assert "Nothing was imported" in messages
    assert f"Unit {uid or '?'}: " in messages and problem in messages
    article.refresh_from_db()
    assert article.headline_en == ""


@pytest.mark.parametrize(
    ("language", "problem"),
    [
        ("en", "Unit {uid}: Ensure this value has at most 300 characters (it has 301)."),
        (
            "ru",
            "Сегмент {uid}: Убедитесь, что это значение содержит не более 300 символов "
            "(сейчас 301).",
        ),
    ],
)
def test_english_longer_than_its_field_is_refused_naming_the_unit(
    translator, article, language, problem
):
    client = logged_in(translator, language)
    paragraph = article.body.get(position=1)
    document = xliff_units(
        (f"news.bodyitem.{paragraph.pk}.text", paragraph.text_ru, "The first paragraph."),
        (f"news.article.{article.pk}.headline", article.headline_ru, "H" * 301),
    )

    response = upload(client, document, language=language)

    assert problem.format(uid=f"news.article.{article.pk}.headline") in messages_of(response)
    article.refresh_from_db()
    assert article.headline_en == "" and article.body.get(position=1).text_en == ""
    assert not FieldTranslation.objects.exists()


def test_english_for_a_body_item_holding_a_quote_is_refused(translator_client, article):
    placed = article.body.get(position=2)
    paragraph = article.body.get(position=1)
    document = xliff_units(
        (f"news.bodyitem.{paragraph.pk}.text", paragraph.text_ru, "The first paragraph."),
        (f"news.bodyitem.{placed.pk}.text", "", "A quote written over the body item"),
    )

    response = upload(translator_client, document)

    assert (
        f"Unit news.bodyitem.{placed.pk}.text: this body item is a quote; its English goes in "
        f"partners.quote.{placed.quote_id}.text."
    ) in messages_of(response)
    placed.refresh_from_db()
    assert placed.text_en in ("", None) and placed.quote.text_en == ""
    assert article.body.get(position=1).text_en == ""


def test_english_for_a_field_with_no_russian_is_refused(translator_client):
    organisation = OrganisationFactory(short_name_ru="", short_name_en="")

    response = upload(
        translator_client,
        xliff_units((f"partners.organisation.{organisation.pk}.short_name", "", "Forged")),
    )

    assert (
        f"Unit partners.organisation.{organisation.pk}.short_name: "
        "there is no Russian text to translate."
    ) in messages_of(response)
    organisation.refresh_from_db()
    assert organisation.short_name_en == ""


@pytest.mark.parametrize("entity", ["xxe", "nbsp"])
def test_an_undefined_entity_is_refused_and_never_stored(translator_client, article, entity):
    document = xliff_units(
        (f"news.article.{article.pk}.headline", article.headline_ru, f"Moscow &{entity}; news")
    )

    response = upload(translator_client, document)

    messages = " ".join(messages_of(response))
    assert f"The file uses an entity, &{entity};, that XML does not define" in messages
    article.refresh_from_db()
    assert article.headline_en == ""


def test_a_file_over_5_mb_is_refused_without_being_read_into_memory(
    translator_client, article, tmp_path
):
    # The body streams from a file, as a server hands it over (the test client would hold
    # it all in memory), so what the request allocates is the portal's own.
    boundary = "portal-boundary"
    body = tmp_path / "body"
    with body.open("wb") as out:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="work.xlf"\r\nContent-Type: application/xliff+xml\r\n\r\n'.encode()
        )
        out.write(xliff_units((f"news.article.{article.pk}.headline", article.headline_ru, "H")))
        # Over the file limit, within the body limit the import declares (larger bodies
        # are refused unread: tests/core/test_limits.py).
        for _megabyte in range(6):
            out.write(b" " * 1024 * 1024)
        out.write(f"\r\n--{boundary}--\r\n".encode())

    with body.open("rb") as stream:
        tracemalloc.start()
        try:
            response = translator_client.request(
                REQUEST_METHOD="POST",
                PATH_INFO="/admin/translations/import/",
                CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
                CONTENT_LENGTH=str(body.stat().st_size),
                HTTP_ACCEPT_LANGUAGE="en",
                **{"wsgi.input": stream},
            )
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert response.status_code == 302
    assert peak < 5 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"
    dashboard = translator_client.get(response.url, HTTP_ACCEPT_LANGUAGE="en")
    assert "The file is larger than 5 MB." in messages_of(dashboard)
    article.refresh_from_db()
    assert article.headline_en == ""
