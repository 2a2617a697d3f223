"""The translator reads a rich-text paragraph as a reader would, and its changes as words."""

import pytest
from lxml import etree

from tests.factories import ParagraphFactory, russian_only_article
from tests.pages import page
from tests.translations.test_workflow import XLIFF, export, messages_of, upload
from translations.models import FieldTranslation

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def test_the_translator_reads_the_russian_rendered_and_its_changes_as_words(
    translator_client,
):
    article = russian_only_article(paragraph="Первый абзац.", quote="«Цитата»")
    paragraph = ParagraphFactory(
        article=article,
        position=3,
        text_ru='<p>Старый <a href="https://example.org/">сайт</a> открыт.</p>',
        text_en="<p>The old site is open.</p>",
    )
    FieldTranslation.objects.create(item=paragraph, field="text", source_text=paragraph.text_ru)
    paragraph.text_ru = (
        '<p>Новый <strong>большой</strong> <a href="https://example.org/">сайт</a> открыт.</p>'
        "<ul><li>пункт</li></ul><script>x()</script>"
    )
    paragraph.save()

    html = page(translator_client, change_url(article))

    assert (
        '<div class="source-text source-text--rich" lang="ru"><p>Новый <strong>большой</strong> '
        '<a href="https://example.org/" rel="nofollow noopener">сайт</a> открыт.</p>'
        "<ul><li>пункт</li></ul></div>"
    ) in html
    assert "<del>Старый</del><ins>Новый большой</ins> сайт открыт." in html
    assert "&lt;strong" not in html  # the Russian is never shown as code
    assert "<script>x()" not in html


# Exchange files: the markup as XLIFF 2.0 inline codes

RUSSIAN = (
    '<h2>Итоги</h2><p>Открылся <a href="/ru/novosti/x/">технопарк</a> &amp; '
    "<em>центр</em></p><ul><li>один</li></ul>"
)


@pytest.fixture
def rich_paragraph():
    article = russian_only_article(paragraph="Первый абзац.", quote="«Цитата»")
    return ParagraphFactory(article=article, position=3, text_ru=RUSSIAN, text_en="")


def fill_the_rest(document):
    for segment in document.iter(f"{XLIFF}segment"):
        if segment.find(f"{XLIFF}target") is None:
            etree.SubElement(segment, f"{XLIFF}target").text = "EN"
    return document


def rich_unit(document, paragraph):
    return next(
        unit
        for unit in document.iter(f"{XLIFF}unit")
        if unit.get("id") == f"news.bodyitem.{paragraph.pk}.text"
    )


def test_the_export_carries_the_markup_as_codes_and_the_import_turns_them_back(
    translator_client, rich_paragraph
):
    document = export(translator_client)
    unit = rich_unit(document, rich_paragraph)
    source = unit.find(f"{XLIFF}segment/{XLIFF}source")

    assert "".join(source.itertext()) == "ИтогиОткрылся технопарк & центродин"
    codes = [(pc.get("id"), pc.get("type")) for pc in source.iter(f"{XLIFF}pc")]
    assert codes == [
        ("1", "other"),
        ("2", "other"),
        ("3", "link"),
        ("4", "fmt"),
        ("5", "other"),
        ("6", "other"),
    ]
    data = {d.get("id"): d.text for d in unit.iter(f"{XLIFF}data")}
    assert data["d3s"] == '<a href="/ru/novosti/x/">' and data["d3e"] == "</a>"
    assert "<" not in "".join(source.itertext())

    # A translation tool writes the target with the source's codes, words translated.
    target = etree.fromstring(etree.tostring(source))
    target.tag = f"{XLIFF}target"
    words = {
        "Итоги": "Results",
        "Открылся ": "A ",
        "технопарк": "park",
        " & ": " & ",
        "центр": "centre",
        "один": "one",
    }
    for element in target.iter():
        element.text = words.get(element.text, element.text)
        element.tail = words.get(element.tail, element.tail)
    source.getparent().append(target)
    fill_the_rest(document)

    response = upload(translator_client, document)

    assert any("English fields imported" in message for message in messages_of(response))
    rich_paragraph.refresh_from_db()
    assert rich_paragraph.text_en == (
        '<h2>Results</h2><p>A <a href="/ru/novosti/x/">park</a> &amp; <em>centre</em></p>'
        "<ul><li>one</li></ul>"
    )


def with_target(document, paragraph, target_xml: str):
    segment = rich_unit(document, paragraph).find(f"{XLIFF}segment")
    for old in segment.findall(f"{XLIFF}target"):
        segment.remove(old)
    segment.append(etree.fromstring(f'<target xmlns="{XLIFF[1:-1]}">{target_xml}</target>'))
    return document


PC = '<pc id="{0}" dataRefStart="d{0}s" dataRefEnd="d{0}e">'
WHOLE = (
    f"{PC.format(1)}Results</pc>{PC.format(2)}A {PC.format(3)}park</pc> &amp; "
    f"{PC.format(4)}centre</pc></pc>{PC.format(5)}{PC.format(6)}one</pc></pc>"
)


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (WHOLE.replace(f"{PC.format(4)}centre</pc>", "centre"), "code 4 is missing"),
        (WHOLE.replace("Results", f"Results{PC.format(9)}x</pc>"), "code 9 is not one"),
        (WHOLE.replace("centre</pc>", f"centre</pc>{PC.format(3)}x</pc>"), "or is there twice"),
        (WHOLE.replace('dataRefStart="d3s"', 'dataRefStart="d1s"'), "code 3 was altered"),
        (WHOLE.replace('<pc id="3"', '<pc href="javascript:x()" id="3"'), "code 3 was altered"),
        (WHOLE.replace("Results", 'Results<ph id="9"/>'), "code <ph>"),
        (
            WHOLE.replace(
                f"{PC.format(5)}{PC.format(6)}one</pc></pc>", f"{PC.format(6)}one</pc>"
            ).replace(f"{PC.format(1)}", f"{PC.format(1)}{PC.format(5)}x</pc>"),
            "code 5 stands in another place",
        ),
    ],
)
def test_an_import_whose_markup_is_not_the_sources_is_refused_whole(
    translator_client, rich_paragraph, target, problem
):
    document = fill_the_rest(export(translator_client))
    response = upload(translator_client, with_target(document, rich_paragraph, target))

    shown = " ".join(messages_of(response))
    assert "markup does not match the Russian" in shown and problem in shown
    rich_paragraph.refresh_from_db()
    assert rich_paragraph.text_en == ""
    assert (
        rich_paragraph.article.__class__.objects.get(pk=rich_paragraph.article_id).headline_en == ""
    )


def test_the_sound_target_of_the_same_codes_is_applied(translator_client, rich_paragraph):
    document = fill_the_rest(export(translator_client))
    response = upload(translator_client, with_target(document, rich_paragraph, WHOLE))

    assert any("English fields imported" in message for message in messages_of(response))
    rich_paragraph.refresh_from_db()
    assert rich_paragraph.text_en.startswith('<h2>Results</h2><p>A <a href="/ru/novosti/x/">')
