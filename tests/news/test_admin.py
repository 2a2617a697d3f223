"""An editor's day in the admin: write, preview, publish, schedule, reorder, restore, and
never lose an edit to a colleague's save."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article, BodyItem
from partners.models import Official, Quote
from tests.admin_forms import (
    ADD_ARTICLE_URL,
    body_row,
    change_url,
    errors,
    new_draft,
    open_form,
    verified_login,
)
from tests.factories import ArticleFactory, OfficialFactory, ParagraphFactory, PlacedQuoteFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def draft_values(client, official: Official) -> dict:
    return new_draft(
        client,
        headline_ru="Москва открывает новый технопарк",
        slug_ru="moskva-otkryvaet-tehnopark",
        body=[
            {"order": "1", "text_ru": "Технопарк займёт три корпуса."},
            {
                "order": "2",
                "quote_text_ru": "«Это место для роста», — сказал руководитель.",
                "official": str(official.pk),
            },
        ],
    )


def test_an_editor_writes_a_draft_previews_it_and_publishes_it(editor_client):
    official = OfficialFactory()

    response = editor_client.post(ADD_ARTICLE_URL, draft_values(editor_client, official))

    assert response.status_code == 302, errors(response)
    article = Article.objects.get(slug_ru="moskva-otkryvaet-tehnopark")
    assert article.status == Article.Status.DRAFT
    assert [item.is_quote for item in article.body.all()] == [False, True]
    quote = article.body.get(position=2).quote
    assert (quote.official, quote.article) == (official, article)
    assert article.modified_by.username == "irina"

    # Readers see nothing yet; the editor previews the draft in both languages.
    page(editor_client, "/ru/novosti/moskva-otkryvaet-tehnopark/", status=404)
    assert "Москва открывает новый технопарк" not in page(editor_client, "/ru/")
    preview_ru = page(editor_client, f"/ru/novosti/predprosmotr/{article.pk}/")
    preview_en = page(editor_client, f"/en/news/preview/{article.pk}/")
    assert "Предпросмотр черновика" in preview_ru
    assert "Технопарк займёт три корпуса." in preview_ru and "Это место для роста" in preview_ru
    assert 'name="robots" content="noindex, nofollow"' in preview_ru
    assert "Preview of a draft" in preview_en
    assert (
        "has not been translated into English yet" in preview_en
    )  # as English readers will see it

    # Published "now": status published, no date given.
    values = open_form(editor_client, change_url(article))
    values["status"] = "published"
    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.is_published()
    assert "Москва открывает новый технопарк" in page(editor_client, "/ru/")
    assert "Технопарк займёт три корпуса." in page(
        editor_client, "/ru/novosti/moskva-otkryvaet-tehnopark/"
    )


def test_the_change_page_offers_a_preview_in_each_language(editor_client):
    article = ArticleFactory(draft=True)

    html = page(editor_client, change_url(article))

    assert f'href="/ru/novosti/predprosmotr/{article.pk}/"' in html
    assert f'href="/en/news/preview/{article.pk}/"' in html


def test_the_preview_is_for_staff_only(client, translator):
    article = ArticleFactory(draft=True)
    url = f"/ru/novosti/predprosmotr/{article.pk}/"

    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login/")

    verified_login(client, translator)  # translators read drafts to translate them
    assert client.get(url).status_code == 200
    page(client, "/ru/novosti/predprosmotr/999999/", status=404)


def test_publish_now_from_the_list(editor_client):
    drafts = ArticleFactory.create_batch(2, draft=True, published_at=None)

    response = editor_client.post(
        "/admin/news/article/",
        {"action": "publish_now", "_selected_action": [article.pk for article in drafts]},
    )

    assert response.status_code == 302
    assert Article.objects.published().count() == 2


PUBLISHED_AT = datetime(2026, 12, 2, 14, 30, tzinfo=ZoneInfo("Europe/Moscow"))


def test_publishing_a_public_article_again_changes_nothing(editor_client):
    article = ArticleFactory(published_at=PUBLISHED_AT)
    before = Article.objects.values("published_at", "modified_at", "version").get(pk=article.pk)

    with time_machine.travel(PUBLISHED_AT + timedelta(minutes=32)):
        editor_client.post(
            "/admin/news/article/", {"action": "publish_now", "_selected_action": [article.pk]}
        )

    assert Article.objects.values("published_at", "modified_at", "version").get(pk=article.pk) == (
        before
    )
    assert not Version.objects.get_for_object(article).exists()


def test_saving_a_public_article_without_a_date_keeps_its_date(editor_client):
    article = ArticleFactory(published_at=PUBLISHED_AT)
    values = open_form(editor_client, change_url(article))
    values.update(published_at_0="", published_at_1="", lead_ru="Исправленный лид.")

    with time_machine.travel(PUBLISHED_AT + timedelta(minutes=32)):
        response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert (article.published_at, article.lead_ru) == (PUBLISHED_AT, "Исправленный лид.")


def test_a_scheduled_article_appears_on_its_own_when_its_time_comes_and_not_before(editor_client):
    article = ArticleFactory(draft=True, slug_ru="zavtra")
    going_out = (timezone.localtime() + timedelta(days=1)).replace(microsecond=0)
    values = open_form(editor_client, change_url(article))
    values.update(
        status="published",
        published_at_0=going_out.strftime("%d.%m.%Y"),
        published_at_1=going_out.strftime("%H:%M:%S"),
    )

    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.published_at == going_out  # entered as Moscow time
    assert article.publication_state == "scheduled"
    with time_machine.travel(going_out - timedelta(seconds=1)):
        page(editor_client, "/ru/novosti/zavtra/", status=404)
        assert article.headline_ru not in page(editor_client, "/ru/")
    with time_machine.travel(going_out):
        assert article.headline_ru in page(editor_client, "/ru/novosti/zavtra/")
        assert article.headline_ru in page(editor_client, "/ru/")


def test_an_editor_reorders_adds_and_removes_body_items(editor_client):
    article = ArticleFactory()
    first = ParagraphFactory(article=article, position=1, text_ru="Первый.")
    second = ParagraphFactory(article=article, position=2, text_ru="Второй.")
    third = PlacedQuoteFactory(article=article, position=3)
    values = open_form(editor_client, change_url(article))
    rows = {values[f"body-{i}-id"]: i for i in range(3)}

    values[f"body-{rows[str(third.pk)]}-order"] = "1"  # the quote moves to the top
    values[f"body-{rows[str(second.pk)]}-DELETE"] = "on"
    body_row(values, 3, text_ru="Новый последний абзац.")  # no number: goes last
    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    body = list(article.body.order_by("position"))
    assert [item.pk for item in body[:2]] == [third.pk, first.pk]
    assert body[2].text_ru == "Новый последний абзац."
    assert [item.position for item in body] == [1, 2, 3]
    assert not BodyItem.objects.filter(pk=second.pk).exists()


def test_a_quote_turned_into_a_paragraph_leaves_no_stray_quote(editor_client):
    placed = PlacedQuoteFactory()
    values = open_form(editor_client, change_url(placed.article))
    body_row(values, 0, kind="paragraph", text_ru="Теперь абзац.")

    response = editor_client.post(change_url(placed.article), values)

    assert response.status_code == 302, errors(response)
    assert not Quote.objects.exists()
    assert BodyItem.objects.get(pk=placed.pk).text_ru == "Теперь абзац."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"headline_ru": ""}, "Обязательное поле."),
        ({"slug_ru": "taken"}, "Статья с таким русским слагом уже есть."),
        ({"body-0-official": ""}, "Укажите, кто из представителей это сказал."),
    ],
    ids=["empty-russian-headline", "duplicate-slug", "quote-without-official"],
)
def test_bad_input_is_shown_on_the_form_in_the_editors_language_and_nothing_is_saved(
    editor_client, change, message
):
    ArticleFactory(slug_ru="taken")
    placed = PlacedQuoteFactory()
    article = placed.article
    before = (article.headline_ru, article.slug_ru, placed.quote.official_id)
    values = open_form(editor_client, change_url(article))
    values["lead_ru"] = "Изменённый лид, который не должен сохраниться."
    values.update(change)

    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert message in errors(response)
    article.refresh_from_db()
    placed.quote.refresh_from_db()
    assert (article.headline_ru, article.slug_ru, placed.quote.official_id) == before
    assert article.lead_ru != "Изменённый лид, который не должен сохраниться."


def test_a_publication_date_without_a_time_zone_is_refused():
    article = ArticleFactory.build(published_at=timezone.now().replace(tzinfo=None))

    with pytest.raises(Exception) as refused:
        article.full_clean()

    assert "published_at" in refused.value.message_dict


def test_an_editor_restores_an_earlier_version_body_included(editor_client):
    article = ArticleFactory(headline_ru="Версия один")
    ParagraphFactory(article=article, position=1, text_ru="Абзац версии один.")
    values = open_form(editor_client, change_url(article))
    assert editor_client.post(change_url(article), values).status_code == 302  # version 1 saved

    values = open_form(editor_client, change_url(article))
    values["headline_ru"] = "Версия два"
    values["body-0-text_ru"] = "Абзац версии два."
    body_row(values, 1, text_ru="Лишний абзац версии два.")
    official = OfficialFactory()
    body_row(values, 2, quote_text_ru="«Цитата версии два»", official=str(official.pk))
    assert editor_client.post(change_url(article), values).status_code == 302
    assert article.body.count() == 3

    from reversion.models import Version

    first = Version.objects.get_for_object(article).order_by("revision__date_created").first()
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    restore = open_form(editor_client, revision_url)
    assert restore["headline_ru"] == "Версия один"
    response = editor_client.post(revision_url, restore)

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.headline_ru == "Версия один"
    assert [item.text_ru for item in article.body.all()] == ["Абзац версии один."]
    assert not Quote.objects.filter(article=article).exists()
    assert Official.objects.filter(pk=official.pk).exists()


def test_odd_admin_addresses_are_not_server_errors(editor_client):
    article = ArticleFactory()

    for path in (f"{article.pk}/change/widgets.css/", "abc/change/", f"{article.pk}/history/x/"):
        response = editor_client.get(f"/admin/news/article/{path}", follow=True)
        assert response.status_code < 500, path


def test_an_editor_writes_a_paragraph_as_limited_html_and_gets_it_sanitised(editor_client):
    article = ArticleFactory()
    paragraph = ParagraphFactory(article=article, position=1)
    html = page(editor_client, change_url(article))
    assert "Подзаголовки, списки, полужирный, курсив и ссылки с панели инструментов." in html

    values = open_form(editor_client, change_url(article))
    values["body-0-text_ru"] = (
        '<h2 style="color:red">Итоги</h2><p onclick="x()">Текст <a href="javascript:x()">'
        'ссылка</a> <a href="https://example.org/">сайт</a></p><script>x()</script>'
    )
    assert editor_client.post(change_url(article), values).status_code == 302

    paragraph.refresh_from_db()
    assert paragraph.text_ru == (
        '<h2>Итоги</h2><p>Текст <a>ссылка</a> <a href="https://example.org/">сайт</a></p>'
    )


def test_a_paragraph_of_only_removed_markup_is_refused_as_empty(editor_client):
    article = ArticleFactory()
    ParagraphFactory(article=article, position=1)
    values = open_form(editor_client, change_url(article))
    values["body-0-text_ru"] = "<script>x()</script>"

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 200
    assert "Напишите абзац по-русски." in errors(response)
