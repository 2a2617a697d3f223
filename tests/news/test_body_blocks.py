"""The body as typed blocks: paragraphs, subheadings, quotes and images, as editors build
it, translators translate it and readers read it."""

import lxml.html
import pytest
from django.core.cache import cache
from django.urls import reverse
from lxml import etree
from reversion.models import Version

from news.models import ArticleOrganisation, BodyItem
from partners.models import Quote
from tests.admin_forms import body_row, change_url, errors, open_form
from tests.factories import (
    ArticleFactory,
    ImageBlockFactory,
    ImageFactory,
    OfficialFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
    SubheadingFactory,
)
from tests.pages import page
from tests.translations.test_workflow import XLIFF, export, messages_of, upload
from translations.models import Status
from translations.status import field_states

pytestmark = pytest.mark.django_db

RU_URL, EN_URL = "/ru/novosti/bloki/", "/en/news/blocks/"


@pytest.fixture
def article():
    return ArticleFactory(slug_ru="bloki", slug_en="blocks")


@pytest.fixture
def image():
    return ImageFactory(
        alt_ru="Подписание соглашения",
        alt_en="The agreement being signed",
        caption_ru="Соглашение подписано в Сеуле.",
        caption_en="The agreement was signed in Seoul.",
        credit_ru="Фото: пресс-служба",
        credit_en="Photo: press office",
    )


def body_of(html: str):
    return lxml.html.fromstring(html).xpath("//div[@class='article__body']")[0]


def test_an_editor_builds_a_body_of_every_kind_of_block(editor_client, article, image):
    official = OfficialFactory()
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, kind="subheading", heading_ru="Что дальше")
    body_row(values, 1, kind="paragraph", text_ru="<p>Технопарк откроется в марте.</p>")
    body_row(values, 2, kind="image", image=str(image.pk), caption_ru="Свой текст подписи.")
    body_row(values, 3, kind="quote", quote_text_ru="«Это начало»", official=str(official.pk))

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    kinds = [(item.kind, item.position) for item in article.body.all()]
    assert kinds == [("subheading", 1), ("paragraph", 2), ("image", 3), ("quote", 4)]
    body = body_of(page(editor_client, RU_URL))
    assert body.xpath("./h2[@class='article__subheading']")[0].text == "Что дальше"
    figure = body.xpath("./figure[@class='body-image']")[0]
    assert figure.xpath(".//img")[0].get("alt") == "Подписание соглашения"
    assert "Свой текст подписи." in figure.xpath(".//figcaption")[0].text_content()
    assert "Фото: пресс-служба" in figure.xpath(".//figcaption")[0].text_content()
    assert body.xpath("./figure[@class='quote']")


def test_without_script_a_block_takes_the_kind_of_what_is_filled_in(editor_client, article):
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, heading_ru="Подзаголовок без выбранного типа")  # kind left open

    assert editor_client.post(change_url(article), values).status_code == 302
    assert article.body.get().kind == BodyItem.Kind.SUBHEADING


def test_a_block_with_fields_of_two_kinds_and_no_kind_is_sent_back(editor_client, article):
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, heading_ru="Подзаголовок", text_ru="<p>И абзац.</p>")

    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert "Выберите тип блока: в нём заполнены поля разных типов." in errors(response)
    assert not article.body.exists()


def test_a_quote_turned_into_a_subheading_keeps_only_the_subheading(editor_client, article):
    placed = PlacedQuoteFactory(article=article, position=1)
    values = open_form(editor_client, change_url(article))
    values["body-0-kind"] = "subheading"
    values["body-0-heading_ru"] = "Теперь подзаголовок"

    assert editor_client.post(change_url(article), values).status_code == 302
    item = BodyItem.objects.get(pk=placed.pk)
    assert (item.kind, item.heading_ru, item.quote_id) == (
        "subheading",
        "Теперь подзаголовок",
        None,
    )
    assert not Quote.objects.filter(pk=placed.quote_id).exists()


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        ("subheading", {}, "heading_ru", "Напишите подзаголовок по-русски."),
        ("image", {}, "image", "Выберите изображение из медиатеки или загрузите новое."),
    ],
)
def test_a_block_of_a_kind_needs_its_own_russian(
    editor_client, article, kind, fields, field, message
):
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, kind=kind, text_ru="<p>Абзац, который не того типа.</p>", **fields)

    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert message in errors(response)


def test_quoting_an_official_lists_their_organisation(editor_client, article):
    official = OfficialFactory()
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, kind="quote", quote_text_ru="«Слова»", official=str(official.pk))

    response = editor_client.post(change_url(article), values, follow=True)

    assert list(article.organisations.all()) == [official.organisation]
    assert any(str(official.organisation) in message for message in messages_of(response))


def test_an_organisation_listed_and_quoted_in_one_save_is_listed_once(editor_client, article):
    official = OfficialFactory()
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, kind="quote", quote_text_ru="«Слова»", official=str(official.pk))
    prefix = "articleorganisation_set"
    values[f"{prefix}-TOTAL_FORMS"] = str(int(values[f"{prefix}-TOTAL_FORMS"]) + 1)
    index = int(values[f"{prefix}-TOTAL_FORMS"]) - 1
    values[f"{prefix}-{index}-organisation"] = str(official.organisation.pk)
    values.setdefault(f"{prefix}-{index}-id", "")

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    assert ArticleOrganisation.objects.filter(article=article).count() == 1


def test_an_organisation_already_listed_is_not_added_again(editor_client, article):
    official = OfficialFactory()
    article.organisations.add(official.organisation, OrganisationFactory())
    values = open_form(editor_client, change_url(article))
    body_row(values, 0, kind="quote", quote_text_ru="«Слова»", official=str(official.pk))

    assert editor_client.post(change_url(article), values).status_code == 302
    assert article.organisations.count() == 2


@pytest.mark.parametrize(
    ("url", "caption"),
    [(RU_URL, "Своя подпись в статье."), (EN_URL, "A caption of its own.")],
)
def test_an_image_block_shows_its_own_caption_in_each_language(client, article, url, caption):
    ImageBlockFactory(
        article=article,
        position=1,
        caption_ru="Своя подпись в статье.",
        caption_en="A caption of its own.",
    )
    figure = body_of(page(client, url)).xpath("./figure[@class='body-image']")[0]
    assert caption in figure.text_content()
    assert "Новый корпус технопарка." not in figure.text_content()  # the image's own
    img = figure.xpath(".//img")[0]
    assert img.get("loading") == "lazy"  # below the fold
    assert img.get("width") and img.get("height") and img.get("srcset")


def test_an_untranslated_caption_of_its_own_is_not_replaced_by_the_images(client, article):
    ImageBlockFactory(article=article, position=1, caption_ru="Своя подпись.", caption_en="")
    figure = body_of(page(client, EN_URL)).xpath("./figure[@class='body-image']")[0]
    assert not figure.xpath(".//figcaption[contains(., 'technopark')]")
    assert "Своя подпись." not in figure.text_content()


def test_an_image_without_english_alt_text_is_left_out_of_the_english_page(client, article):
    ImageBlockFactory(article=article, position=1, image__alt_en="")
    assert body_of(page(client, RU_URL)).xpath("./figure[@class='body-image']")
    assert not body_of(page(client, EN_URL)).xpath("./figure[@class='body-image']")


def test_english_cannot_be_ready_while_a_body_image_has_no_english_alt(editor_client):
    article = ArticleFactory(english_ready=False)
    ImageBlockFactory(article=article, position=1, image__alt_en="", image__alt_ru="Фото сделки")
    values = open_form(editor_client, change_url(article))
    values["english_ready"] = "on"

    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert any(
        "без английского альтернативного текста: Фото сделки" in error for error in errors(response)
    )


def test_a_subheading_is_found_by_the_search(client, article):
    SubheadingFactory(article=article, position=1, heading_ru="Сотрудничество с Инчхоном")
    html = page(client, "/ru/poisk/?q=Инчхон")
    assert article.headline_ru in html


def test_the_history_shows_blocks_and_a_restore_brings_them_back(editor_client, article, image):
    ParagraphFactory(article=article, position=1, text_ru="<p>Первый абзац.</p>")
    values = open_form(editor_client, change_url(article))
    assert editor_client.post(change_url(article), values).status_code == 302  # version 1

    values = open_form(editor_client, change_url(article))
    body_row(values, 1, kind="subheading", heading_ru="Новый раздел")
    body_row(values, 2, kind="image", image=str(image.pk))
    assert editor_client.post(change_url(article), values).status_code == 302
    versions = Version.objects.get_for_object(article).order_by("revision__date_created")
    first, second = versions

    history = page(
        editor_client,
        reverse("admin:news_article_history", args=[article.pk]) + f"?compare={first.pk}",
    )
    # Whatever the history page shows, the body's change names the new blocks as text.
    comparison = page(
        editor_client,
        reverse("admin:news_article_revision", args=[article.pk, second.pk]),
    )
    assert "Новый раздел" in history + comparison

    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    response = editor_client.post(revision_url, open_form(editor_client, revision_url))

    assert response.status_code == 302, errors(response)
    assert [item.kind for item in article.body.all()] == ["paragraph"]

    revision_url = reverse("admin:news_article_revision", args=[article.pk, second.pk])
    response = editor_client.post(revision_url, open_form(editor_client, revision_url))

    assert response.status_code == 302, errors(response)
    assert [item.kind for item in article.body.all()] == ["paragraph", "subheading", "image"]


def test_a_translator_translates_a_subheading_and_an_images_caption(translator_client, article):
    heading = SubheadingFactory(article=article, position=1, heading_en="")
    block = ImageBlockFactory(article=article, position=2, caption_ru="Подпись", caption_en="")
    values = open_form(translator_client, change_url(article))
    rows = {values[f"body-{i}-id"]: i for i in range(2)}
    values[f"body-{rows[str(heading.pk)]}-english"] = "What comes next"
    values[f"body-{rows[str(block.pk)]}-english"] = "A caption"

    response = translator_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    heading.refresh_from_db()
    block.refresh_from_db()
    assert (heading.heading_en, block.caption_en) == ("What comes next", "A caption")
    assert (block.kind, block.image_id) == ("image", block.image_id)


def test_a_translator_cannot_change_a_blocks_kind_or_image(translator_client, article):
    block = ImageBlockFactory(article=article, position=1)
    other = ImageFactory()
    values = open_form(translator_client, change_url(article))
    values["body-0-kind"] = "paragraph"
    values["body-0-image"] = str(other.pk)

    response = translator_client.post(change_url(article), values)

    assert response.status_code in (200, 403)
    block.refresh_from_db()
    assert (block.kind, block.image_id) == ("image", block.image.pk)


def test_a_too_long_english_subheading_is_refused_not_a_server_error(translator_client, article):
    SubheadingFactory(article=article, position=1, heading_en="")
    values = open_form(translator_client, change_url(article))
    values["body-0-english"] = "x" * 400

    response = translator_client.post(change_url(article), values)

    assert response.status_code == 200
    assert errors(response)


def test_the_export_carries_subheadings_and_captions_of_their_own(translator_client, article):
    article.english_ready = False
    article.save()
    heading = SubheadingFactory(article=article, position=1, heading_en="")
    block = ImageBlockFactory(article=article, position=2, caption_ru="Подпись", caption_en="")
    document = export(translator_client)
    units = {unit.get("id"): unit for unit in document.iter(f"{XLIFF}unit")}
    assert f"news.bodyitem.{heading.pk}.heading" in units
    assert f"news.bodyitem.{block.pk}.caption" in units

    for unit_id, english in (
        (f"news.bodyitem.{heading.pk}.heading", "What comes next"),
        (f"news.bodyitem.{block.pk}.caption", "A caption"),
    ):
        segment = units[unit_id].find(f"{XLIFF}segment")
        target = etree.SubElement(segment, f"{XLIFF}target")
        target.text = english
    for unit in units.values():
        segment = unit.find(f"{XLIFF}segment")
        if segment.find(f"{XLIFF}target") is None:
            segment.getparent().getparent().remove(segment.getparent())
    response = upload(translator_client, document)

    assert any("English fields imported" in message for message in messages_of(response))
    heading.refresh_from_db()
    block.refresh_from_db()
    assert (heading.heading_en, block.caption_en) == ("What comes next", "A caption")


@pytest.mark.parametrize("url", [RU_URL, EN_URL])
def test_an_article_with_a_lead_image_and_five_body_images_needs_few_queries(
    client, django_assert_max_num_queries, article, url
):
    article.lead_image = ImageFactory()
    article.save()
    for position in range(1, 11, 2):
        ParagraphFactory(article=article, position=position)
        ImageBlockFactory(article=article, position=position + 1)
    page(client, url)  # the renditions made, the content types known, as once running
    cache.clear()
    with django_assert_max_num_queries(6):
        html = page(client, url)
    assert len(body_of(html).xpath("./figure[@class='body-image']")) == 5


def test_a_translator_sees_a_changed_subheading_and_confirms_its_english(
    translator_client, article
):
    heading = SubheadingFactory(article=article, position=1, heading_ru="Планы", heading_en="Plans")
    heading.heading_ru = "Планы на год"
    heading.save()
    html = page(translator_client, change_url(article))
    assert "Планы на год" in html
    values = open_form(translator_client, change_url(article))
    assert "body-0-reviewed" in values  # offered: the English is outdated
    values["body-0-reviewed"] = "on"

    assert translator_client.post(change_url(article), values).status_code == 302
    heading.refresh_from_db()
    assert [state.status for state in field_states(heading)] == [Status.UP_TO_DATE]


def test_restoring_a_version_whose_image_was_deleted_since_is_refused_not_an_error(
    editor_client, article
):
    block = ImageBlockFactory(article=article, position=1)
    values = open_form(editor_client, change_url(article))
    assert editor_client.post(change_url(article), values).status_code == 302  # version 1
    values = open_form(editor_client, change_url(article))
    values["body-0-DELETE"] = "on"
    assert editor_client.post(change_url(article), values).status_code == 302
    image = block.image
    image.delete()  # no article shows it any more

    first = Version.objects.get_for_object(article).order_by("revision__date_created").first()
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    response = editor_client.post(
        revision_url,
        open_form(editor_client, revision_url),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    assert any("удалено из медиатеки" in message for message in messages_of(response))
    assert not article.body.exists()
