import io

import lxml.html
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation
from PIL import Image as PillowImage

from images import renditions
from tests.factories import ImageFactory
from tests.images.pictures import gps_exif, picture_bytes

pytestmark = pytest.mark.django_db


def opened(url: str) -> PillowImage.Image:
    name = url.removeprefix("/media/")
    with default_storage.open(name) as file:
        picture = PillowImage.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def render(template: str, **context) -> str:
    return Template("{% load pictures %}" + template).render(Context(context))


def test_a_picture_offers_webp_and_jpeg_at_every_width_with_its_size_reserved():
    image = ImageFactory(file__width=1600, file__height=900)
    html = render('{% picture image sizes="(min-width: 50rem) 50rem, 100vw" %}', image=image)
    picture = lxml.html.fragment_fromstring(html)
    phone, source = picture.xpath("//source")
    img = picture.xpath("//img")[0]
    # A phone is offered at most the 720 px picture, whatever its density.
    assert phone.get("media") == "(max-width: 40rem)" and phone.get("type") == "image/webp"
    assert [entry.split()[-1] for entry in phone.get("srcset").split(", ")] == ["480w", "720w"]
    assert source.get("type") == "image/webp" and source.get("media") is None
    assert [entry.split()[-1] for entry in source.get("srcset").split(", ")] == [
        "480w",
        "720w",
        "1200w",
    ]
    assert img.get("srcset").count("w,") == 2
    assert img.get("sizes") == source.get("sizes") == "(min-width: 50rem) 50rem, 100vw"
    assert (img.get("width"), img.get("height")) == ("1200", "675")
    assert img.get("loading") == "lazy"
    assert opened(source.get("srcset").split()[0]).format == "WEBP"
    jpeg = opened(img.get("src"))
    assert (jpeg.format, jpeg.size) == ("JPEG", (1200, 675))


def test_a_picture_above_the_fold_is_not_lazy():
    html = render("{% picture image eager=True %}", image=ImageFactory())
    img = lxml.html.fragment_fromstring(html).xpath("//img")[0]
    assert img.get("loading") is None
    assert img.get("fetchpriority") == "high"


def test_a_small_original_is_never_enlarged():
    image = ImageFactory(file__width=600, file__height=300)
    assert renditions.widths_for(image) == [480, 600]
    img = lxml.html.fragment_fromstring(render("{% picture image %}", image=image)).xpath("//img")[
        0
    ]
    assert opened(img.get("src")).size == (600, 300)


def test_the_alt_text_is_the_pages_language():
    image = ImageFactory(alt_ru="Мост", alt_en="A bridge")
    for language, alt in (("ru", "Мост"), ("en", "A bridge")):
        with translation.override(language):
            img = lxml.html.fragment_fromstring(render("{% picture image %}", image=image))
            assert img.xpath("//img")[0].get("alt") == alt


def test_renditions_carry_no_camera_data_nor_position():
    image = ImageFactory(
        file=SimpleUploadedFile("gps.jpg", picture_bytes(size=(1000, 800), exif=gps_exif()))
    )
    with default_storage.open(image.file.name) as original:
        assert PillowImage.open(original).getexif()
    for image_format in ("JPEG", "WEBP"):
        made = opened(renditions.rendition(image, width=480, image_format=image_format).url)
        assert not made.getexif()
        assert "exif" not in made.info


def test_the_share_card_is_cut_around_the_focal_point():
    # Left half black, right half white: a focal point on the right keeps white.
    picture = PillowImage.new("RGB", (2400, 630), "black")
    picture.paste("white", (1200, 0, 2400, 630))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = ImageFactory(file=SimpleUploadedFile("half.png", buffer.getvalue()), focal_x=0.9)
    card = opened(renditions.share_card_url(image))
    assert card.size == (1200, 630)
    assert card.convert("L").getpixel((600, 315)) > 200
    image.focal_x = 0.1
    image.save()
    card = opened(renditions.share_card_url(image))
    assert card.convert("L").getpixel((600, 315)) < 50
