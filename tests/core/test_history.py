"""History an editor can read: every save of an article, organisation, official or quote
with who, when and only what really changed, labelled as the admin's tabs label it; and,
on an old version's page, what restoring it would change."""

from datetime import datetime

import lxml.html
import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article, BodyItem
from tests.admin_forms import ADD_ARTICLE_URL, body_row, change_url, errors, new_draft, open_form
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
    QuoteFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


def history_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def revision_url(obj, version: Version) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, version.pk])


def history(client, obj, **headers) -> list[dict[str, str]]:
    """Each entry of ``obj``'s history page, newest first: what changed, label to diff."""
    tree = lxml.html.fromstring(page(client, history_url(obj), **headers))
    return [changes_in(row) for row in tree.xpath("//table[@id='change-history']/tbody/tr")]


def changes_in(element) -> dict[str, str]:
    """The changes listed in ``element``: each label with its diff, as HTML."""
    return {
        dt.text_content().strip(): inner_html(dt.getnext())
        for dt in element.xpath(".//dl[@class='history-changes']/dt")
    }


def inner_html(element) -> str:
    return (element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element
    )


def save(client, obj, **changes) -> None:
    values = open_form(client, change_url(obj))
    values.update(changes)
    response = client.post(change_url(obj), values)
    assert response.status_code == 302, errors(response)


def restore_block(html: str):
    """What the old version's page says a restore would change, or None without the block."""
    found = lxml.html.fromstring(html).find_class("restore-changes")
    return found[0] if found else None


# The history page


def test_every_save_is_in_the_history_with_who_when_and_a_diff(editor_client):
    article = ArticleFactory(headline_ru="Первый заголовок")
    ParagraphFactory(article=article, position=1, text_ru="Старый абзац.")
    save(editor_client, article)
    save(
        editor_client,
        article,
        **{"headline_ru": "Второй заголовок", "body-0-text_ru": "Новый абзац."},
    )

    html = page(editor_client, history_url(article))

    assert "Ирина Соколова" in html
    assert "<del>Первый</del><ins>Второй</ins> заголовок" in html
    assert "<del>Старый</del><ins>Новый</ins> абзац." in html


def test_the_history_of_an_article_never_saved_in_the_admin(editor_client):
    article = ArticleFactory()  # no version in django-reversion yet

    html = page(editor_client, history_url(article))

    assert "Сохранённых версий пока нет." in html


def test_a_status_change_of_an_article_written_in_the_admin_shows_only_the_status(
    editor_client,
):
    official = OfficialFactory()
    values = new_draft(
        editor_client,
        headline_ru="Новая статья",
        slug_ru="novaya-statya",
        body=[
            {"text_ru": "Первый абзац."},
            {"quote_text_ru": "«Цитата»", "official": str(official.pk)},
            {"text_ru": "Третий абзац."},
        ],
    )
    assert editor_client.post(ADD_ARTICLE_URL, values).status_code == 302
    article = Article.objects.get(slug_ru="novaya-statya")

    save(editor_client, article, status="published")

    latest, _first = history(editor_client, article)
    assert list(latest) == ["Статус", "Дата публикации"]  # published now: the body is as it was
    # The first version holds the body in its reading order.
    old_page = page(editor_client, revision_url(article, versions(article)[-1]))
    assert old_page.index("Первый абзац.") < old_page.index("«Цитата»")
    assert old_page.index("«Цитата»") < old_page.index("Третий абзац.")


def test_a_reordered_body_is_saved_in_its_new_order_in_the_history(editor_client):
    article = ArticleFactory()
    ParagraphFactory(article=article, position=1, text_ru="Первый.")
    ParagraphFactory(article=article, position=2, text_ru="Второй.")
    moved = ParagraphFactory(article=article, position=3, text_ru="Третий.")
    save(editor_client, article)
    values = open_form(editor_client, change_url(article))
    values["body-2-order"] = "1"
    body_row(values, 3, text_ru="Четвёртый.")
    assert editor_client.post(change_url(article), values).status_code == 302

    versions_of_moved = Version.objects.get_for_object(moved).order_by("-pk")
    assert versions_of_moved[0].field_dict["position"] == 1
    body_change = history(editor_client, article)[0]["Текст [ru]"]
    assert "Четвёртый." in body_change
    # Each stored version carries the real reading order: the newest one reads as the page.
    stored = {
        version.field_dict["text_ru"]: version.field_dict["position"]
        for version in versions(article)[0].revision.version_set.all()
        if version.content_type.model_class() is BodyItem
    }
    assert stored == {"Третий.": 1, "Первый.": 2, "Второй.": 3, "Четвёртый.": 4}


def test_versions_stored_before_the_body_was_numbered_read_in_their_order(editor_client):
    # As the admin used to store a new body: every item at the same placeholder position,
    # renumbered afterwards behind django-reversion's back.
    article = ArticleFactory(published_at=MOMENT)
    with reversion.create_revision():
        article.save()
        for text in ("Первый.", "Второй.", "Третий."):
            BodyItem.objects.create(article=article, position=10**6, text_ru=text)
    for number, item in enumerate(article.body.order_by("pk"), start=1):
        BodyItem.objects.filter(pk=item.pk).update(position=number)

    save(editor_client, article, status="draft")

    assert list(history(editor_client, article)[0]) == ["Статус"]


def test_a_publication_date_that_did_not_change_is_not_listed(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save(editor_client, article)
    # Published from the list: now, to the microsecond, kept in UTC.
    editor_client.post(
        "/admin/news/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )

    save(editor_client, article, headline_ru="Другой заголовок")  # the form keeps seconds

    latest, published, _first = history(editor_client, article)
    assert list(latest) == ["Заголовок [ru]"]
    assert list(published) == ["Статус", "Дата публикации"]


def test_a_new_publication_date_reads_in_the_editors_language_and_time_zone(editor_client):
    article = ArticleFactory(published_at=MOMENT)
    save(editor_client, article)

    save(editor_client, article, published_at_0="05.12.2026", published_at_1="10:30:00")

    in_russian = history(editor_client, article, HTTP_ACCEPT_LANGUAGE="ru")[0]
    in_english = history(editor_client, article, HTTP_ACCEPT_LANGUAGE="en")[0]
    assert in_russian["Дата публикации"] == (
        "<del>1 декабря 2026 г. 9:00</del> <ins>5 декабря 2026 г. 10:30</ins>"
    )
    assert in_english["Publication date"] == (
        "<del>1 December 2026, 09:00</del> <ins>5 December 2026, 10:30</ins>"
    )


def test_a_date_moved_by_seconds_shows_the_seconds(editor_client):
    article = ArticleFactory(published_at=MOMENT)
    save(editor_client, article)

    save(editor_client, article, published_at_0="01.12.2026", published_at_1="09:00:30")

    assert history(editor_client, article)[0]["Дата публикации"] == (
        "<del>1 декабря 2026 г. 09:00:00</del> <ins>1 декабря 2026 г. 09:00:30</ins>"
    )


@pytest.mark.parametrize(
    ("factory", "field", "russian_label", "english_label"),
    [
        (ArticleFactory, "headline", "Заголовок", "Headline"),
        (OrganisationFactory, "name", "Название", "Name"),
        (OfficialFactory, "full_name", "Полное имя", "Full name"),
        (QuoteFactory, "text", "Текст", "Text"),
    ],
    ids=["article", "organisation", "official", "quote"],
)
def test_each_language_of_a_translated_field_is_listed_once_as_the_tabs_label_it(
    editor_client, factory, field, russian_label, english_label
):
    obj = factory()
    with reversion.create_revision():
        obj.save()
    setattr(obj, f"{field}_ru", "Новый русский текст")
    setattr(obj, f"{field}_en", "New English text")
    with reversion.create_revision():
        obj.save()

    in_russian = history(editor_client, obj, HTTP_ACCEPT_LANGUAGE="ru")[0]
    in_english = history(editor_client, obj, HTTP_ACCEPT_LANGUAGE="en")[0]
    assert list(in_russian) == [f"{russian_label} [ru]", f"{russian_label} [en]"]
    assert list(in_english) == [f"{english_label} [ru]", f"{english_label} [en]"]


def test_a_body_without_english_has_no_english_changes(editor_client):
    article = ArticleFactory(english_ready=False)
    ParagraphFactory(article=article, position=1, text_ru="Абзац.", untranslated=True)
    save(editor_client, article)
    values = open_form(editor_client, change_url(article))
    body_row(values, 1, quote_text_ru="«Цитата без перевода»", official=str(OfficialFactory().pk))
    assert editor_client.post(change_url(article), values).status_code == 302

    latest = history(editor_client, article)[0]

    assert list(latest) == ["Текст [ru]"]
    assert latest["Текст [ru]"] == "Абзац.<ins>\n\n&gt; «Цитата без перевода»</ins>"


def test_a_quote_without_english_is_left_out_of_the_english_body(editor_client):
    article = ArticleFactory()
    ParagraphFactory(article=article, position=1, text_ru="Абзац.", text_en="A paragraph.")
    untranslated = PlacedQuoteFactory(article=article, position=2)
    untranslated.quote.text_en = ""
    untranslated.quote.save()
    save(editor_client, article)

    save(editor_client, article, **{"body-0-text_en": "The paragraph."})

    latest = history(editor_client, article)[0]
    assert latest["Текст [en]"] == "<del>A</del><ins>The</ins> paragraph."


# The page of an old version: what restoring it changes


def versions(obj) -> list[Version]:
    return list(Version.objects.get_for_object(obj).order_by("-pk"))


def test_an_old_version_shows_what_restoring_it_changes_body_included(editor_client):
    article = ArticleFactory(headline_ru="Версия один")
    ParagraphFactory(article=article, position=1, text_ru="Абзац версии один.")
    save(editor_client, article)
    values = open_form(editor_client, change_url(article))
    values.update({"headline_ru": "Версия два", "body-0-text_ru": "Абзац версии два."})
    body_row(values, 1, quote_text_ru="«Цитата версии два»", official=str(OfficialFactory().pk))
    assert editor_client.post(change_url(article), values).status_code == 302

    block = restore_block(page(editor_client, revision_url(article, versions(article)[-1])))

    assert block is not None
    changes = changes_in(block)
    assert list(changes) == ["Заголовок [ru]", "Текст [ru]"]
    assert changes["Заголовок [ru]"] == "Версия <del>два</del><ins>один</ins>"
    assert changes["Текст [ru]"] == (
        "Абзац версии <del>два.\n\n&gt; «Цитата версии два»</del><ins>один.</ins>"
    )


def test_the_current_version_says_it_is_the_same(editor_client):
    article = ArticleFactory()
    save(editor_client, article)

    html = page(
        editor_client, revision_url(article, versions(article)[0]), HTTP_ACCEPT_LANGUAGE="en"
    )

    block = restore_block(html)
    assert block is not None
    assert "This version is the same as the current one." in block.text_content()
    assert not changes_in(block)


def test_an_old_version_is_compared_with_content_saved_without_a_version(editor_client):
    article = ArticleFactory(headline_ru="Из админки")
    save(editor_client, article)
    # As load_content or a script saves: no version in django-reversion.
    article.headline_ru = "Из загрузки"
    article.save()
    ParagraphFactory(article=article, position=1, text_ru="Загруженный абзац.")

    block = restore_block(page(editor_client, revision_url(article, versions(article)[0])))

    assert block is not None
    changes = changes_in(block)
    assert changes["Заголовок [ru]"] == "Из <del>загрузки</del><ins>админки</ins>"
    assert changes["Текст [ru]"] == "<del>Загруженный абзац.</del>"


@pytest.mark.parametrize(
    ("factory", "field", "label"),
    [
        (OrganisationFactory, "name", "Название [ru]"),
        (OfficialFactory, "full_name", "Полное имя [ru]"),
        (QuoteFactory, "text", "Текст [ru]"),
    ],
    ids=["organisation", "official", "quote"],
)
def test_partners_old_versions_show_what_restoring_them_changes(
    editor_client, factory, field, label
):
    obj = factory(**{f"{field}_ru": "Старый текст"})
    with reversion.create_revision():
        obj.save()
    setattr(obj, f"{field}_ru", "Новый текст")
    obj.save()  # without a version

    html = page(editor_client, revision_url(obj, versions(obj)[0]))

    block = restore_block(html)
    assert block is not None
    assert changes_in(block) == {label: "<del>Новый</del><ins>Старый</ins> текст"}
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_ru") == "Новый текст"  # only looked at: nothing restored


def test_the_history_page_reads_its_versions_in_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    article = ArticleFactory()
    ParagraphFactory(article=article, position=1)
    PlacedQuoteFactory(article=article, position=2)

    def saved_again(times: int) -> None:
        for _ in range(times):
            article.headline_ru += "!"
            with reversion.create_revision():
                article.save()

    saved_again(2)
    with CaptureQueriesContext(connection) as two_versions:
        page(editor_client, history_url(article))
    saved_again(4)

    with django_assert_max_num_queries(len(two_versions.captured_queries)):
        page(editor_client, history_url(article))
