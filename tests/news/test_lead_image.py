import lxml.html
import pytest
from django.core.cache import cache

from news.models import Article
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, ImageFactory, OrganisationFactory, PlacedQuoteFactory
from tests.pages import page
from tests.portal.test_discovery import json_ld, meta

pytestmark = pytest.mark.django_db

RU_URL, EN_URL = "/ru/novosti/tekhnopark/", "/en/news/technopark/"


@pytest.fixture
def image():
    return ImageFactory(
        alt_ru="Корпус технопарка",
        alt_en="The technopark's building",
        caption_ru="Технопарк открылся в марте.",
        caption_en="The technopark opened in March.",
        credit_ru="Фото: Анна Иванова",
        credit_en="Photo: Anna Ivanova",
    )


@pytest.fixture
def article(image):
    return ArticleFactory(slug_ru="tekhnopark", slug_en="technopark", lead_image=image)


def lead_figure(html: str):
    return lxml.html.fromstring(html).xpath("//figure[@class='lead-image']")[0]


@pytest.mark.parametrize(
    ("url", "alt", "caption", "credit"),
    [
        (RU_URL, "Корпус технопарка", "Технопарк открылся в марте.", "Фото: Анна Иванова"),
        (
            EN_URL,
            "The technopark's building",
            "The technopark opened in March.",
            "Photo: Anna Ivanova",
        ),
    ],
)
def test_the_lead_image_heads_the_article_in_the_pages_language(
    client, article, url, alt, caption, credit
):
    figure = lead_figure(page(client, url))
    img = figure.xpath(".//img")[0]
    assert img.get("alt") == alt
    assert img.get("loading") is None  # above the fold: not lazy
    assert img.get("width") and img.get("height")
    assert figure.xpath(".//source[@type='image/webp']")
    text = figure.xpath(".//figcaption")[0].text_content()
    assert caption in text and credit in text


def test_an_english_page_shows_no_russian_caption(client, image, article):
    image.caption_en = ""
    image.save()
    html = page(client, EN_URL)
    assert "Технопарк открылся" not in html
    assert "Photo: Anna Ivanova" in lead_figure(html).text_content()


@pytest.mark.parametrize("url", [RU_URL, EN_URL])
def test_the_share_card_and_structured_data_use_the_lead_images_crop(client, article, url):
    html = page(client, url)
    (og_image,) = meta(html, "og:image")
    assert og_image.startswith("http://testserver/media/CACHE/images/") and og_image.endswith(
        ".jpg"
    )
    assert meta(html, "twitter:image") == [og_image]
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    (news_article,) = [data for data in json_ld(html) if data.get("@type") == "NewsArticle"]
    assert news_article["image"] == [og_image]


def test_each_article_has_its_own_share_card(client, article):
    other = ArticleFactory(slug_ru="drugaya", lead_image=ImageFactory())
    assert meta(page(client, RU_URL), "og:image") != meta(
        page(client, other.get_absolute_url()), "og:image"
    )


def test_an_article_without_a_lead_image_keeps_the_sites_card(client):
    article = ArticleFactory(slug_ru="bez-foto")
    html = page(client, article.get_absolute_url())
    assert not lxml.html.fromstring(html).xpath("//figure[@class='lead-image']")
    assert meta(html, "og:image") == ["http://testserver/static/img/share.png"]
    assert meta(html, "twitter:image") == ["http://testserver/static/img/share.png"]


def test_a_change_of_the_image_renews_the_cached_page(client, image, article):
    assert "Технопарк открылся в марте." in page(client, RU_URL)
    image.caption_ru = "Технопарк открылся в апреле."
    image.save()
    assert "Технопарк открылся в апреле." in page(client, RU_URL)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_article_with_a_lead_image_needs_few_queries(
    client, django_assert_max_num_queries, article, language
):
    for position in range(10):
        PlacedQuoteFactory(article=article, position=position + 1)
    article.organisations.add(*OrganisationFactory.create_batch(5))
    url = RU_URL if language == "ru" else EN_URL
    page(client, url)  # the renditions made, the content types known, as once running
    cache.clear()
    with django_assert_max_num_queries(6):
        html = page(client, url)
    assert 'class="lead-image"' in html


def test_an_editor_chooses_the_lead_image(editor_client, image):
    article = ArticleFactory(slug_ru="vybor")
    values = open_form(editor_client, change_url(article))
    values["lead_image"] = str(image.pk)
    response = editor_client.post(change_url(article), values)
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.lead_image == image


def test_the_image_is_found_by_the_article_forms_autocomplete(editor_client, image):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "технопарк",
            "app_label": "news",
            "model_name": "article",
            "field_name": "lead_image",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(image.pk)]


def test_english_cannot_be_ready_while_the_lead_image_has_no_english_alt(editor_client):
    image = ImageFactory(untranslated=True)
    article = ArticleFactory(english_ready=False, lead_image=image)
    values = open_form(editor_client, change_url(article))
    values["english_ready"] = "on"
    response = editor_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert any("images with no English alt text" in error for error in errors(response))
    article.refresh_from_db()
    assert not article.english_ready

    image.alt_en = "The technopark"
    image.save()
    values = open_form(editor_client, change_url(article))
    values["english_ready"] = "on"
    response = editor_client.post(change_url(article), values)
    assert response.status_code == 302, errors(response)
    assert Article.objects.get(pk=article.pk).english_ready


def test_a_translator_cannot_mark_english_ready_before_the_lead_images_alt(translator_client):
    article = ArticleFactory(english_ready=False, lead_image=ImageFactory(untranslated=True))
    values = open_form(translator_client, change_url(article))
    values["english_ready"] = "on"
    response = translator_client.post(change_url(article), values, HTTP_ACCEPT_LANGUAGE="en")
    assert any("images with no English alt text" in error for error in errors(response))
    article.refresh_from_db()
    assert not article.english_ready
