import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from images.uploads import check_image_file
from tests.images.pictures import picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "image_format"),
    [
        ("a.jpg", "JPEG"),
        ("a.jpeg", "JPEG"),
        ("a.png", "PNG"),
        ("a.webp", "WEBP"),
        ("a.avif", "AVIF"),
    ],
)
def test_an_image_of_each_allowed_type_is_accepted(name, image_format):
    assert check_image_file(upload(name, image_format, size=(64, 48))) == image_format


def test_a_gif_is_refused():
    with pytest.raises(ValidationError) as refusal:
        check_image_file(upload("a.gif", "GIF", size=(10, 10)))
    assert refusal.value.code == "not_an_image"


def test_a_text_file_named_as_a_jpeg_is_refused():
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'hello'; ?>" * 50)
    with pytest.raises(ValidationError) as refusal:
        check_image_file(fake)
    assert refusal.value.code == "not_an_image"


def test_a_png_named_as_a_jpeg_is_refused():
    with pytest.raises(ValidationError) as refusal:
        check_image_file(upload("photo.jpg", "PNG", size=(20, 20)))
    assert refusal.value.code == "wrong_ending"


def test_a_truncated_image_is_refused():
    data = picture_bytes("PNG", size=(400, 400), colour=None)
    with pytest.raises(ValidationError) as refusal:
        check_image_file(SimpleUploadedFile("cut.png", data[: len(data) // 2]))
    assert refusal.value.code == "not_an_image"


def test_too_many_pixels_are_refused_from_the_header(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as refusal:
        check_image_file(upload("big.png", "PNG", size=(101, 100)))
    assert refusal.value.code == "too_many_pixels"


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings, monkeypatch):
    """A small PNG that claims far more pixels than Pillow would ever expand."""
    from PIL import Image as PillowImage

    bomb = upload("bomb.png", "PNG", size=(3000, 3000), colour="white")
    settings.IMAGE_MAX_PIXELS = 1000
    monkeypatch.setattr(PillowImage, "MAX_IMAGE_PIXELS", 1000)
    decoded = []
    monkeypatch.setattr(PillowImage.Image, "load", lambda self: decoded.append(self))
    with pytest.raises(ValidationError) as refusal:
        check_image_file(bomb)
    assert refusal.value.code == "too_many_pixels"
    assert decoded == []


def test_a_file_over_the_size_limit_is_refused_in_the_editors_language(settings):
    settings.IMAGE_MAX_FILE_SIZE = 100
    with pytest.raises(ValidationError) as refusal:
        check_image_file(upload("a.png", "PNG", size=(300, 300), colour=None))
    assert refusal.value.code == "too_large"
    with translation.override("ru"):
        assert "изображение может весить не больше 100" in " ".join(refusal.value.messages)
