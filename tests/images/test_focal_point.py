"""The focal-point picker of the image's change page, and the crops it changes."""

import io

import lxml.html
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from images import renditions
from tests.admin_forms import change_url, errors, logged_in, open_form
from tests.factories import ImageFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def opened(url: str) -> PillowImage.Image:
    with default_storage.open(url.removeprefix("/media/")) as file:
        picture = PillowImage.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def red_on_the_right() -> SimpleUploadedFile:
    """A grey picture twice as wide as the share card with a red band at its right."""
    picture = PillowImage.new("RGB", (2400, 630), "grey")
    picture.paste("red", (1900, 0, 2400, 630))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("band.png", buffer.getvalue())


def is_red(picture: PillowImage.Image, point) -> bool:
    red, green, blue = picture.convert("RGB").getpixel(point)
    return red > 200 and green < 60 and blue < 60


def test_the_change_page_offers_the_picker_and_its_script(editor_client):
    image = ImageFactory(focal_x=0.25, focal_y=0.75)
    html = page(editor_client, change_url(image))
    document = lxml.html.fromstring(html)
    [picker] = document.xpath("//*[@data-focal-point]")
    assert (picker.get("data-x"), picker.get("data-y")) == ("0.250", "0.750")
    assert picker.get("data-x-field") == "focal_x" and picker.get("data-y-field") == "focal_y"
    # Hidden until the script shows it: without it the numeric fields stay, as before.
    assert picker.xpath(".//*[@class='focal-point-picker'][@hidden]")
    assert picker.xpath(".//button[@class='focal-point-marker']")
    assert document.xpath("//input[@name='focal_x']") and document.xpath("//input[@name='focal_y']")
    assert "/static/js/focal-point.js" in html
    crops = [img.get("src") for img in picker.xpath(".//*[@class='focal-point-crops']//img")]
    assert crops == [renditions.share_card_url(image), renditions.square_url(image)]
    assert opened(crops[0]).size == renditions.SHARE_CARD
    assert opened(crops[1]).size == (renditions.SQUARE, renditions.SQUARE)
    assert 'style="' not in lxml.html.tostring(picker, encoding="unicode")


def test_the_pickers_labels_are_in_the_editors_language(editor):
    image = ImageFactory()
    for language, words in (("ru", "Карточка для соцсетей"), ("en", "Share card")):
        html = page(logged_in(editor, language), change_url(image))
        assert words in html, language


def test_posting_the_focal_point_moves_the_share_cards_crop(editor_client):
    image = ImageFactory(file=red_on_the_right())
    card = opened(renditions.share_card_url(image))
    assert not is_red(card, (600, 315))  # the middle: grey

    values = open_form(editor_client, change_url(image), "image_form")
    values.update(focal_x="0.9", focal_y="0.4")
    response = editor_client.post(change_url(image), values)
    assert response.status_code == 302, errors(response)
    image.refresh_from_db()
    assert image.focal_point == (0.9, 0.4)
    card = opened(renditions.share_card_url(image))
    assert card.size == renditions.SHARE_CARD
    assert is_red(card, (1000, 315))
    # The page now shows the new crop.
    html = page(editor_client, change_url(image))
    assert renditions.share_card_url(image) in html


def test_the_add_page_has_no_picker_yet(editor_client):
    html = page(editor_client, "/admin/images/image/add/")
    assert "data-focal-point" not in html
