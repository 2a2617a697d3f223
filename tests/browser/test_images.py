"""An article with a lead image and five body images, in a real browser: what the issue's
quality bar asks of it that a browser alone can tell (accessibility, valid HTML, no layout
shift, pictures below the fold left until the reader scrolls to them)."""

import mimetypes
import urllib.request

import pytest
from django.conf import settings

from tests.browser.test_journeys import PHONE, axe_violations
from tests.factories import ArticleFactory, ImageBlockFactory, ImageFactory, ParagraphFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough that, at 375 px, the last body images lie farther below the screen than
# Chromium looks ahead for lazy pictures: 1 250 px on 4G, 2 500 px on any connection
# faster than 2G (and when it knows none).
LOOK_AHEAD = 2500
PARAGRAPH_RU = "<p>" + " ".join(["Технопарк открыл новый корпус с лабораториями."] * 24) + "</p>"
PARAGRAPH_EN = (
    "<p>" + " ".join(["The technopark opened a new building of laboratories."] * 24) + "</p>"
)

LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 300);
})"""


@pytest.fixture
def article_with_images(live_server):
    article = ArticleFactory(
        slug_ru="tehnopark-v-fotografiyah",
        slug_en="the-technopark-in-pictures",
        lead_image=ImageFactory(file__width=2400, file__height=1600),
    )
    for number in range(5):
        ParagraphFactory(
            article=article, position=2 * number + 1, text_ru=PARAGRAPH_RU, text_en=PARAGRAPH_EN
        )
        own_caption = (
            {"caption_ru": "Прототип дрона.", "caption_en": "A drone prototype."}
            if number == 1
            else {}
        )
        ImageBlockFactory(
            article=article,
            position=2 * number + 2,
            image=ImageFactory(file__width=2400, file__height=1600),
            **own_caption,
        )
    return {
        "ru": f"{live_server.url}/ru/novosti/tehnopark-v-fotografiyah/",
        "en": f"{live_server.url}/en/news/the-technopark-in-pictures/",
    }


@pytest.fixture
def media(page):
    """The uploads and their renditions, from the test's own media folder: the live
    server, not in debug mode, serves none (nginx or the object store does in production)."""

    def serve(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        path = settings.MEDIA_ROOT / name
        if not path.is_file():
            route.fulfill(status=404)
            return
        route.fulfill(
            body=path.read_bytes(),
            headers={"Content-Type": mimetypes.guess_type(path.name)[0] or "image/jpeg"},
        )

    page.route(f"**{settings.MEDIA_URL}**", serve)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_article_with_images_has_no_accessibility_violations(
    page, article_with_images, media, problems, language
):
    page.set_viewport_size(PHONE)
    page.goto(article_with_images[language])
    assert page.locator("figure.body-image").count() == 5

    assert axe_violations(page, problems) == []
    assert problems == []


def test_the_article_with_images_is_valid_html(article_with_images, vnu, tmp_path):
    files = []
    for language, url in article_with_images.items():
        file = tmp_path / f"article-{language}.html"
        file.write_bytes(urllib.request.urlopen(url).read())
        files.append(file)

    assert vnu(files) == ""


@pytest.mark.parametrize("language", ["ru", "en"])
def test_pictures_below_the_fold_wait_for_the_reader_and_nothing_shifts(
    page, article_with_images, media, problems, language
):
    page.set_viewport_size(PHONE)
    pictures = []
    page.on(
        "request", lambda request: request.resource_type == "image" and pictures.append(request)
    )
    page.goto(article_with_images[language], wait_until="networkidle")
    page.wait_for_timeout(500)

    tops = page.evaluate("[...document.images].map(i => i.getBoundingClientRect().top)")
    near = [top for top in tops if top < PHONE["height"] + LOOK_AHEAD]
    assert len(tops) == 6
    assert len(near) < 6, f"the article is too short to test lazy loading: {tops}"
    fetched_before = len(pictures)
    assert 1 <= fetched_before <= len(near)
    # At 375 px and 1x the lead image is the smallest WebP: the column is 343 px wide.
    chosen, offered = page.locator(".lead-image picture").evaluate(
        "picture => [picture.querySelector('img').currentSrc,"
        " picture.querySelector('source').srcset.split(', ')[0]]"
    )
    assert offered.endswith(" 480w") and chosen.endswith(offered.split()[0])
    assert page.evaluate(LAYOUT_SHIFT) == 0

    for _step in range(12):
        page.mouse.wheel(0, PHONE["height"])
        page.wait_for_timeout(150)
    page.wait_for_load_state("networkidle")

    assert len(pictures) == 6  # each picture once, in one format
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert problems == []
