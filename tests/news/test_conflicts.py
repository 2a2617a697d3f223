"""No lost edits: two editors on one article. The second save is merged with the first,
field by field and item by item, and nothing is saved until the second editor has seen
what the first one changed; where both changed the same field, the second chooses."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.admin_forms import change_url, form_values, logged_in
from tests.factories import (
    ArticleFactory,
    ImageFactory,
    OfficialFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(headline_ru="Исходный заголовок", lead_ru="Исходный лид.")
    ParagraphFactory(article=article, position=1, text_ru="Первый абзац.")
    ParagraphFactory(article=article, position=2, text_ru="Второй абзац.")
    return article


@pytest.fixture
def irina(editor):
    return logged_in(editor, "ru")


@pytest.fixture
def pavel(second_editor):
    return logged_in(second_editor, "ru")


def opened(client, article) -> dict:
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_values(response.content.decode(), "article_form")


def body_index(values: dict, text: str) -> int:
    return next(
        int(key.split("-")[1])
        for key, value in values.items()
        if key.startswith("body-") and key.endswith("-text_ru") and value == text
    )


def saved(article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_a_colleagues_change_is_carried_into_the_second_save(irina, pavel, article):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs["lead_ru"] = "Лид Павла."
    assert pavel.post(change_url(article), theirs).status_code == 302

    mine["headline_ru"] = "Заголовок Ирины"
    response = irina.post(change_url(article), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Павел Орлов" in html and "после того как вы её открыли" in html
    assert "<ins>Павла.</ins>" in html  # what he changed, shown
    assert saved(article).headline_ru == "Исходный заголовок"  # nothing of hers yet

    # She saves the form exactly as the conflict page returns it: both edits stand.
    again = form_values(html, "article_form")
    assert again["lead_ru"] == "Лид Павла." and again["headline_ru"] == "Заголовок Ирины"
    assert irina.post(change_url(article), again).status_code == 302
    article = saved(article)
    assert (article.headline_ru, article.lead_ru) == ("Заголовок Ирины", "Лид Павла.")


def test_when_both_change_a_field_nothing_is_saved_until_the_second_editor_chooses(
    irina, pavel, article
):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs["lead_ru"] = "Лид Павла."
    pavel.post(change_url(article), theirs)

    mine["lead_ru"] = "Лид Ирины."
    html = irina.post(change_url(article), mine).content.decode()
    assert "Лид Павла." in html and 'value="mine"' in html and 'value="theirs"' in html

    unchosen = form_values(html, "article_form")
    response = irina.post(change_url(article), unchosen)
    assert response.status_code == 200
    assert "выберите" in response.content.decode()
    assert saved(article).lead_ru == "Лид Павла."

    chosen = form_values(response.content.decode(), "article_form")
    chosen["resolve-lead_ru"] = "mine"
    assert irina.post(change_url(article), chosen).status_code == 302
    assert saved(article).lead_ru == "Лид Ирины."


def test_choosing_the_colleagues_version_keeps_theirs_and_the_rest_of_mine(irina, pavel, article):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs["lead_ru"] = "Лид Павла."
    pavel.post(change_url(article), theirs)

    mine.update(lead_ru="Лид Ирины.", headline_ru="Заголовок Ирины")
    chosen = form_values(irina.post(change_url(article), mine).content.decode(), "article_form")
    chosen["resolve-lead_ru"] = "theirs"

    assert irina.post(change_url(article), chosen).status_code == 302
    article = saved(article)
    assert (article.headline_ru, article.lead_ru) == ("Заголовок Ирины", "Лид Павла.")


def test_body_items_are_merged_one_by_one(irina, pavel, article):
    official = OfficialFactory()
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs[f"body-{body_index(theirs, 'Первый абзац.')}-text_ru"] = "Первый абзац Павла."
    theirs["body-TOTAL_FORMS"] = "3"
    theirs.update(
        {
            "body-2-text_ru": "",
            "body-2-quote_text_ru": "«Цитата Павла»",
            "body-2-official": str(official.pk),
            "body-2-order": "",
        }
    )
    assert pavel.post(change_url(article), theirs).status_code == 302

    mine[f"body-{body_index(mine, 'Второй абзац.')}-text_ru"] = "Второй абзац Ирины."
    html = irina.post(change_url(article), mine).content.decode()
    again = form_values(html, "article_form")

    assert irina.post(change_url(article), again).status_code == 302
    body = [
        item.quote.text_ru if item.quote_id else item.text_ru for item in saved(article).body.all()
    ]
    assert body == ["Первый абзац Павла.", "Второй абзац Ирины.", "«Цитата Павла»"]


def test_blocks_a_colleague_changed_in_kind_added_or_moved_are_merged(irina, pavel, article):
    image = ImageFactory()
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    first = body_index(theirs, "Первый абзац.")
    theirs.update({f"body-{first}-kind": "subheading", f"body-{first}-heading_ru": "Раздел"})
    theirs["body-TOTAL_FORMS"] = "3"
    theirs.update({"body-2-kind": "image", "body-2-image": str(image.pk), "body-2-order": "1"})
    assert pavel.post(change_url(article), theirs).status_code == 302

    mine[f"body-{body_index(mine, 'Второй абзац.')}-text_ru"] = "Второй абзац Ирины."
    html = irina.post(change_url(article), mine).content.decode()
    assert "Раздел" in html  # what Pavel did is shown before anything is saved
    again = form_values(html, "article_form")

    assert irina.post(change_url(article), again).status_code == 302
    body = [(item.kind, str(item)) for item in saved(article).body.all()]
    assert body == [
        ("image", str(image)),
        ("subheading", "Раздел"),
        ("paragraph", "Второй абзац Ирины."),
    ]


def test_an_item_a_colleague_deleted_but_i_changed_is_kept(irina, pavel, article):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs[f"body-{body_index(theirs, 'Второй абзац.')}-DELETE"] = "on"
    assert pavel.post(change_url(article), theirs).status_code == 302
    assert saved(article).body.count() == 1

    mine[f"body-{body_index(mine, 'Второй абзац.')}-text_ru"] = "Второй абзац Ирины."
    html = irina.post(change_url(article), mine).content.decode()
    assert irina.post(change_url(article), form_values(html, "article_form")).status_code == 302

    assert [item.text_ru for item in saved(article).body.all()] == [
        "Первый абзац.",
        "Второй абзац Ирины.",
    ]


def test_organisations_a_colleague_added_survive_the_second_save(irina, pavel, article):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    added = OrganisationFactory()
    total = int(theirs["articleorganisation_set-TOTAL_FORMS"])
    theirs["articleorganisation_set-TOTAL_FORMS"] = str(total + 1)
    theirs[f"articleorganisation_set-{total}-organisation"] = str(added.pk)
    theirs[f"articleorganisation_set-{total}-article"] = str(article.pk)
    assert pavel.post(change_url(article), theirs).status_code == 302

    mine["headline_ru"] = "Заголовок Ирины"
    html = irina.post(change_url(article), mine).content.decode()
    assert irina.post(change_url(article), form_values(html, "article_form")).status_code == 302

    article = saved(article)
    assert article.headline_ru == "Заголовок Ирины"
    assert list(article.organisations.all()) == [added]


def test_a_translator_and_an_editor_at_once(irina, translator_client, article):
    Article.objects.filter(pk=article.pk).update(headline_en="", english_ready=False)
    mine = opened(irina, article)
    english = opened(translator_client, article)
    english["headline_en"] = "Headline by the translator"
    assert translator_client.post(change_url(article), english).status_code == 302

    mine["lead_ru"] = "Лид Ирины."
    html = irina.post(change_url(article), mine).content.decode()
    assert irina.post(change_url(article), form_values(html, "article_form")).status_code == 302

    article = saved(article)
    assert (article.headline_en, article.lead_ru) == ("Headline by the translator", "Лид Ирины.")


def test_a_quote_translated_elsewhere_is_merged_not_overwritten(irina, translator_client):
    article = ArticleFactory()
    item = PlacedQuoteFactory(article=article, position=1, untranslated=True)
    mine = opened(irina, article)
    quote_url = reverse("admin:partners_quote_change", args=[item.quote.pk])
    english = form_values(translator_client.get(quote_url).content.decode(), "quote_form")
    english["text_en"] = "“A translated quote”"
    assert translator_client.post(quote_url, english).status_code == 302

    index = next(k.split("-")[1] for k, v in mine.items() if k.endswith("-quote_text_ru") and v)
    mine[f"body-{index}-quote_text_ru"] = "«Исправленная цитата»"
    html = irina.post(change_url(article), mine).content.decode()
    assert irina.post(change_url(article), form_values(html, "article_form")).status_code == 302

    item.quote.refresh_from_db()
    assert (item.quote.text_ru, item.quote.text_en) == (
        "«Исправленная цитата»",
        "“A translated quote”",
    )


@pytest.mark.parametrize(
    "forged",
    [
        {
            "edit-conflict": '{"token": "x", "label": "x", "mine": "", "theirs": "", "clear": 5, '
            '"data": [], "prefix": "", "pk": ""}',
            "resolve-x": "theirs",
        },
        {
            "edit-conflict": '{"token": [1], "label": 5, "mine": "", "theirs": "", "clear": [], '
            '"data": {"k": 5}, "prefix": "", "pk": ""}',
            "resolve-x": "theirs",
        },
        {"edit-conflict": "not json", "resolve-lead_ru": "neither"},
        {"body-TOTAL_FORMS": "²", "loaded_version": ""},
        {"body-TOTAL_FORMS": "9999999999", "loaded_version": ""},
        {"body-0-official": "²", "loaded_version": ""},
    ],
    ids=["wrong-types", "list-token", "not-json", "superscript-count", "huge-count", "bad-id"],
)
def test_forged_conflict_data_is_never_a_server_error(irina, pavel, article, forged):
    mine = opened(irina, article)
    theirs = opened(pavel, article)
    theirs["lead_ru"] = "Лид Павла."
    pavel.post(change_url(article), theirs)
    mine.update(forged)

    response = irina.post(change_url(article), mine)

    assert response.status_code in (200, 302, 400)
    assert saved(article).lead_ru == "Лид Павла."


def test_odd_object_ids_are_not_server_errors(irina, article):
    for path in ("%C2%B2/change/", "1%C2%B2/change/"):
        assert irina.get(f"/admin/news/article/{path}", follow=True).status_code < 500
        assert irina.post(f"/admin/partners/organisation/{path}", {}).status_code < 500
