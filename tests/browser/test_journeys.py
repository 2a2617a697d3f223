"""Readers, editors and translators, in a real browser: what the unit tests cannot see.

Every journey saves screenshots under artifacts/screenshots/ (git-ignored; CI keeps them).
"""

import re
import urllib.request
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import EDITORS, TRANSLATORS
from news.models import Article
from tests.admin_forms import authenticator, current_code
from tests.conftest import make_staff
from tests.factories import ImageBlockFactory, ImageFactory, russian_only_article

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site(live_server, seeded):
    return live_server.url


def log_in(page, site: str, username: str) -> None:
    # Enrolled already: the second step asks for a code from the app.
    device = authenticator(get_user_model().objects.get(username=username))
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # The second step: a code from the app (tests.admin_forms.authenticator).
    page.fill("#id_code", current_code(device))
    page.click("#second-factor-form input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


# Reader


@pytest.mark.browser_context_args(locale="ru-RU")  # a reader whose browser prefers Russian
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_reader_follows_the_news_to_the_people_and_across_languages(
    page, site, screenshot, problems, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{site}/")
    expect(page).to_have_url(re.compile(r"/ru/$"))
    screenshot("1-home-ru")

    page.get_by_role(
        "link", name=re.compile("Москва и южнокорейская ассоциация Innobiz")
    ).first.click()
    expect(page.locator("h1")).to_contain_text("договорились о совместных проектах")
    expect(page.locator("figure.quote")).to_have_count(3)
    screenshot("2-article-ru")

    page.locator("figure.quote figcaption a.quote__official").first.click()
    expect(page.locator("h1")).to_have_text("Наталья Сергунина")
    screenshot("3-official-ru")

    page.locator(".profile__position a").click()
    expect(page.locator("h1")).to_have_text("Правительство Москвы")
    screenshot("4-organisation-ru")

    page.locator(".language-switcher a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/partners/organisations/moscow-government/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Moscow Government")
    screenshot("5-organisation-en")

    search = page.locator("#search-header")
    search.fill("accelerator")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=accelerator"))
    screenshot("6-search-en")

    page.locator(".search-result--article a").first.click()
    expect(page.locator("h1")).to_contain_text("Moscow and South Korea’s Innobiz association agree")
    screenshot("7-article-en")
    assert problems == []


# Editor


def test_an_editor_writes_previews_and_publishes_an_article(page, site, screenshot, problems):
    """The whole article as an editor builds it: a paragraph with a link, an image from the
    library, a subheading put above it afterwards, a quote; previewed, then published."""
    make_staff("irina", EDITORS)
    ImageFactory(alt_ru="Корпус технопарка", alt_en="", caption_en="", credit_en="")
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "irina")

    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_headline_ru", "Москва открывает технопарк для стартапов")
    page.fill("#id_lead_ru", "В столице открылся новый технопарк.")
    expect(page.locator("#id_slug_ru")).to_have_value(re.compile("moskva-otkryvaet-tehnopark"))
    page.fill("#id_source_name_ru", "Официальный сайт мэра Москвы")
    page.fill("#id_source_url", "https://www.mos.ru/")
    body_ready(page)

    # A paragraph (a new block is one), its last word linked to the site's home.
    paragraph = rich_text_editor(page, "body-0-text_ru")
    paragraph.click()
    page.keyboard.type("Технопарк займёт три корпуса, пишет портал")
    page.keyboard.press("Shift+Control+ArrowLeft")
    link = page.locator(".prose-editor:has(#id_body-0-text_ru) button[title='insert link']")
    editor_has_selected(link)
    link.click()
    page.locator("dialog[open] input").fill("/ru/")
    page.locator("dialog[open] input").press("Enter")
    expect(paragraph.locator("a")).to_have_text("портал")

    # An image from the library: only the image's fields show once the kind is chosen.
    add_block(page)
    page.select_option("#id_body-1-kind", "image")
    expect(page.locator("#body-1 .field-heading_ru")).to_be_hidden()
    page.locator("#body-1 .field-image .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Корпус")
    page.locator(".select2-results__option", has_text="Корпус технопарка").click()

    # A quote, said by an official found by name.
    add_block(page)
    page.select_option("#id_body-2-kind", "quote")
    page.fill("#id_body-2-quote_text_ru", "«Это место для роста», — сказала заммэра.")
    page.locator("#body-2 .field-official .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Серг")
    page.locator(".select2-results__option", has_text="Natalya Sergunina").click()  # English admin

    # A subheading, put above the image afterwards.
    page.locator("#body-1 .body-block__above").click()
    added = page.locator("#body-group .inline-related.dynamic-body").nth(1)
    expect(added.locator("select[name$='-kind']:not([name^=initial])")).to_have_value("paragraph")
    added.locator("select[name$='-kind']:not([name^=initial])").select_option("subheading")
    added.locator("input[name$='-heading_ru']:not([name^=initial])").fill("Что внутри")
    # And the quote moved up, before the subheading.
    page.locator("#body-2 .body-block__up").click()
    page.locator("#body-2 .body-block__up").click()
    screenshot("1-draft")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    article = Article.objects.get(slug_ru__startswith="moskva-otkryvaet-tehnopark")
    assert article.status == Article.Status.DRAFT
    assert [item.kind for item in article.body.all()] == [
        "paragraph",
        "quote",
        "subheading",
        "image",
    ]
    assert article.body.first().text_ru == (
        '<p>Технопарк займёт три корпуса, пишет <a href="/ru/">портал</a></p>'
    )
    # Quoting the official listed their organisation.
    assert [org.name_en for org in article.organisations.all()] == ["Moscow Government"]

    for language, text in (
        ("Russian", "Что внутри"),
        ("English", "has not been translated"),
    ):
        with page.context.expect_page() as opened:
            page.get_by_role("link", name=f"Preview in {language}").click()
        preview = opened.value
        expect(preview.locator("main")).to_contain_text(text)
        screenshot(f"2-preview-{language}", preview)
        preview.close()

    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.goto(f"{site}/ru/")
    page.get_by_role("link", name="Москва открывает технопарк для стартапов").click()
    expect(page.locator(".article__body figure.body-image img")).to_have_attribute(
        "alt", "Корпус технопарка"
    )
    expect(page.locator(".article__body a", has_text="портал")).to_have_attribute("href", "/ru/")
    screenshot("3-published")
    assert problems == []


def add_block(page) -> None:
    page.locator("#body-group .add-row a").click()


def body_ready(page) -> None:
    """Wait for the page's scripts to have arranged the body (modeltranslation's tabs, then
    the blocks): a field moved into its tab loses the focus a click gave it."""
    expect(page.locator("#body-group.body-blocks")).to_be_attached()


def select_by_keys(page, editor, link_button, *keys: str) -> None:
    """Click into ``editor`` and select with ``keys``, once the editor knows of the
    selection. Tried again if the keys went astray: as the page settles, the admin's
    scripts may still move the form's fields, and a moved field loses the focus."""
    for attempt in range(3):
        editor.click()
        for key in keys:
            page.keyboard.press(key)
        try:
            expect(link_button).not_to_have_class(re.compile(r"\bdisabled\b"), timeout=2000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def editor_has_selected(link_button, nothing: bool = False) -> None:
    """Wait until the editor knows of the selection the keyboard made: it reads it when the
    browser next reports it, a moment later, and its toolbar acts on the selection it
    knows. Its link button is enabled exactly while some text is selected."""
    disabled = re.compile(r"\bdisabled\b")
    if nothing:
        expect(link_button).to_have_class(disabled)
    else:
        expect(link_button).not_to_have_class(disabled)


def rich_text_editor(page, field: str):
    """The editor that stands for the textarea ``field`` (core.rich_text.RichTextEditor)."""
    return page.locator(f".prose-editor:has(#id_{field}) .ProseMirror[contenteditable=true]")


def test_an_editor_formats_paragraphs_in_the_rich_text_editor(page, site, screenshot, problems):
    make_staff("irina", EDITORS)
    article = russian_only_article(
        headline_ru="Новый технопарк открылся в Москве",
        slug_ru="novyj-tehnopark",
        paragraph="Технопарк займёт три корпуса.",
        quote="«Это место для роста»",
    )
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "irina")
    page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    body_ready(page)

    # Bold, then a link to the site, from the toolbar: the first word, then the second.
    russian = rich_text_editor(page, "body-0-text_ru")
    menu = page.locator(".prose-editor:has(#id_body-0-text_ru) .prose-menubar")
    link = menu.locator("button[title='insert link']")
    select_by_keys(page, russian, link, "Control+Home", "Shift+Control+ArrowRight")
    menu.locator("button[title=bold]").click()
    # Back in the text, where its selection was: a toolbar button may have taken the focus.
    russian.focus()
    expect(russian.locator("strong")).to_have_text("Технопарк")
    page.keyboard.press("ArrowRight")  # after the bold word
    page.keyboard.press("ArrowRight")  # and its space
    editor_has_selected(link, nothing=True)
    page.keyboard.press("Shift+Control+ArrowRight")
    editor_has_selected(link)
    link.click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("input")).to_have_count(1)  # the address, and nothing else
    dialog.locator("input").fill("/ru/")
    dialog.locator("input").press("Enter")
    # A script's address is refused in the editor already.
    expect(page.locator("dialog[open]")).to_have_count(0)
    russian.click()  # back in the text once the dialog has let go of the focus
    page.keyboard.press("Control+End")
    editor_has_selected(link, nothing=True)
    page.keyboard.press("Shift+Control+ArrowLeft")
    editor_has_selected(link)
    link.click()
    page.locator("dialog[open] input").fill("javascript:alert(1)")
    page.locator("dialog[open] input").press("Enter")
    expect(russian.locator("strong")).to_have_text("Технопарк")
    screenshot("1-russian")

    # The English, in its tab.
    page.locator("#body-0 a[href='#tab_id_body-0-text_en']").click()
    english = rich_text_editor(page, "body-0-text_en")
    expect(english).to_be_visible()
    english.click()
    page.keyboard.type("The technopark has ")
    page.keyboard.press("Control+i")
    page.keyboard.type("three")
    page.keyboard.press("Control+i")
    page.keyboard.type(" buildings.")
    screenshot("2-english")

    # A paragraph added with "Add another" gets an editor too.
    page.locator("#body-group .add-row a").click()
    added = page.locator("#body-group .inline-related.dynamic-body").last
    index = added.get_attribute("id").removeprefix("body-")
    added.locator(f"a[href='#tab_id_body-{index}-text_ru']").click()
    rich_text_editor(page, f"body-{index}-text_ru").click()
    page.keyboard.type("Второй абзац, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("важный")
    screenshot("3-added")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()

    paragraphs = list(article.body.filter(quote=None).order_by("position"))
    assert [(p.text_ru, p.text_en) for p in paragraphs] == [
        (
            '<p><strong>Технопарк</strong> <a href="/ru/">займёт</a> три корпуса.</p>',
            "<p>The technopark has <em>three</em> buildings.</p>",
        ),
        ("<p>Второй абзац, <strong>важный</strong></p>", ""),
    ]
    assert problems == []  # a script or style the CSP refused would be here


# Translator


def test_a_translator_translates_an_article_and_readers_get_it(page, site, screenshot, problems):
    """The article with its image: the image's texts in the media library, then the
    article's own, its paragraph in the rich-text editor."""
    make_staff("tom", TRANSLATORS)
    article = russian_only_article(
        headline_ru="Новый технопарк открылся в Москве",
        slug_ru="novyj-tehnopark",
        paragraph="В технопарке три корпуса.",
        quote="«Это место для роста»",
    )
    ImageBlockFactory(
        article=article,
        position=3,
        image__alt_ru="Корпус технопарка",
        image__alt_en="",
        image__caption_en="",
        image__credit_en="",
    )
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "tom")

    page.get_by_role("link", name="Translation dashboard").click()
    expect(page.locator("#content-main")).to_contain_text("Новый технопарк открылся в Москве")
    screenshot("1-dashboard")
    page.get_by_role("link", name="Корпус технопарка").click()
    page.fill("#id_alt_en", "The technopark's building")
    page.fill("#id_caption_en", "The technopark's new building.")
    page.fill("#id_credit_en", "Photo: press office")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    page.get_by_role("link", name="Translation dashboard").click()
    page.get_by_role("link", name="Новый технопарк открылся в Москве").click()
    expect(page.locator("#id_headline_en")).to_be_visible()
    expect(
        page.locator(".source-text", has_text="Новый технопарк открылся в Москве")
    ).to_be_visible()
    page.fill("#id_headline_en", "A new technopark opens in Moscow")
    page.fill("#id_lead_en", "The technopark has three buildings.")
    page.fill("#id_source_name_en", "Official website of the Mayor of Moscow")
    rich_text_editor(page, "body-0-english").click()
    page.keyboard.type("The technopark has ")
    page.keyboard.press("Control+b")
    page.keyboard.type("three")
    page.keyboard.press("Control+b")
    page.keyboard.type(" buildings.")
    page.fill("#id_body-1-english", "“A place to grow”")
    expect(page.locator("#body-2")).to_contain_text("Nothing to translate here")
    page.check("#id_english_ready")
    screenshot("2-translated")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(f"{site}/en/")
    page.get_by_role("link", name="A new technopark opens in Moscow").click()
    expect(page.locator("h1")).to_have_text("A new technopark opens in Moscow")
    expect(page.locator(".article__text strong")).to_have_text("three")
    expect(page.locator(".article__body figure.body-image img")).to_have_attribute(
        "alt", "The technopark's building"
    )
    hreflangs = page.locator("link[rel=alternate][hreflang]").evaluate_all(
        "links => links.map(link => link.hreflang)"
    )
    assert set(hreflangs) == {"ru", "en", "x-default"}
    screenshot("3-english-article")
    assert problems == []


# Quality gates


PUBLIC_PAGES = [
    "/ru/",
    "/en/",
    "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
    "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
    "/ru/partnery/",
    "/en/partners/",
    "/ru/partnery/organizacii/innobiz/",
    "/en/partners/organisations/innobiz/",
    "/ru/partnery/lyudi/natalya-sergunina/",
    "/en/partners/people/natalya-sergunina/",
    "/ru/poisk/?q=стартапам",
    "/en/search/?q=accelerator",
    "/ru/novosti/does-not-exist/",
    "/en/news/does-not-exist/",
    "/ru/rubriki/innovacii/",
    "/en/sections/innovation/",
    "/ru/temy/yuzhnaya-koreya/",
    "/en/topics/south-korea/",
    # The month the seed is published in: the month the tests run in.
    f"/ru/novosti/{timezone.localdate():%Y/%m}/",
    f"/en/news/{timezone.localdate():%Y/%m}/",
]


def axe_violations(page, problems: list[str]) -> list[str]:
    # axe-core's own probing (inline styles the page's CSP rightly blocks) is not the
    # page's doing: what it logs is left out of the page's problems.
    before = len(problems)
    result = Axe().run(page)
    del problems[before:]
    return [
        f"{violation['id']}: {node['target']}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]


def violations_on(page, site: str, paths, problems: list[str]) -> dict[str, list[str]]:
    """axe-core's findings on each of ``paths`` that has any."""
    found = {}
    for path in paths:
        page.goto(site + path)
        if violations := axe_violations(page, problems):
            found[path] = violations
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_accessibility_violations_nor_console_errors(
    page, site, problems, viewport
):
    page.set_viewport_size(viewport)

    assert violations_on(page, site, PUBLIC_PAGES, problems) == {}
    assert problems == []


def test_the_translators_admin_pages_have_no_accessibility_violations(page, site, problems):
    make_staff("tom", TRANSLATORS)
    article = Article.objects.get()
    log_in(page, site, "tom")
    paths = [
        "/admin/",
        "/admin/translations/",
        f"/admin/news/article/{article.pk}/change/",
        "/admin/news/article/",
    ]

    assert violations_on(page, site, paths, problems) == {}
    assert problems == []


def test_public_pages_are_valid_html(site, vnu, tmp_path):
    files = []
    for number, path in enumerate(PUBLIC_PAGES):
        try:
            body = urllib.request.urlopen(site + quote(path, safe="/?=")).read()
        except urllib.error.HTTPError as error:  # the 404 page is a page too
            body = error.read()
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(body)
        files.append(file)

    assert vnu(files) == ""
