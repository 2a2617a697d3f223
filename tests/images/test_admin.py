import pytest
from django.urls import reverse

from core.limits import body_limit, takes_files
from images.models import Image
from tests.admin_forms import change_url, errors, logged_in, open_form
from tests.factories import ImageFactory
from tests.images.pictures import upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/image/add/"


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def new_image_values(client, **fields) -> dict:
    values = open_form(client, ADD_URL, "image_form")
    values.update(alt_ru="Технопарк", caption_ru="Новый корпус", credit_ru="Фото: мэрия", **fields)
    return values


def test_an_editor_uploads_an_image_to_the_library(editor_client, media_root):
    values = new_image_values(editor_client, file=upload("Снимок.JPG", size=(2000, 1000)))
    response = editor_client.post(ADD_URL, values)
    assert response.status_code == 302, errors(response)
    image = Image.objects.get()
    assert (image.width, image.height) == (2000, 1000)
    assert image.alt_ru == "Технопарк"
    assert image.focal_point == (0.5, 0.5)
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert (media_root / image.file.name).is_file()


def test_the_library_lists_thumbnails_and_finds_images_by_their_text(editor_client):
    ImageFactory(alt_ru="Мост через реку", credit_ru="Фото: Анна")
    ImageFactory(alt_ru="Выставка роботов")
    page = editor_client.get("/admin/images/image/", {"q": "мост"}).content.decode()
    assert "Мост через реку" in page and "Выставка роботов" not in page
    assert '<img src="/media/CACHE/images/' in page
    assert (
        editor_client.get("/admin/images/image/", {"q": "Анна"})
        .content.decode()
        .count('class="image-thumbnail"')
        == 1
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("photo.gif", "GIF", size=(20, 20)), "not an image"),
        (upload("photo.jpg", "PNG", size=(20, 20)), "named as a .jpg"),
    ],
)
def test_a_refused_upload_says_why_and_keeps_nothing(editor_client, media_root, file, message):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = editor_client.post(ADD_URL, new_image_values(editor_client, file=file))
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_a_save_that_fails_after_the_file_was_written_leaves_no_file(
    editor_client, media_root, monkeypatch
):
    from core.models import ContentVersion

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ContentVersion, "move_on", fail)
    values = new_image_values(editor_client, file=upload())
    editor_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        editor_client.post(ADD_URL, values)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_only_the_librarys_forms_take_files(settings):
    from django.urls import resolve

    for url in (ADD_URL, "/admin/images/image/1/change/"):
        view = resolve(url).func
        assert takes_files(view)
        assert body_limit(view) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + (
            settings.IMAGE_MAX_FILE_SIZE
        )
    for url in (
        "/admin/images/image/",
        "/admin/news/article/add/",
        "/admin/images/image/1/delete/",
    ):
        assert not takes_files(resolve(url).func)


def test_a_file_sent_to_another_admin_page_is_refused(editor_client):
    response = editor_client.post(reverse("admin:news_article_add"), {"file": upload()})
    assert response.status_code == 400


def test_a_translator_writes_the_english_of_an_image(translator, media_root):
    image = ImageFactory(untranslated=True)
    client = logged_in(translator, "en")
    values = open_form(client, change_url(image), "image_form")
    assert "file" not in values and "focal_x" not in values
    values.update(
        alt_en="The technopark", caption_en="Its new building", credit_en="Photo: city hall"
    )
    response = client.post(change_url(image), values)
    assert response.status_code == 302, errors(response)
    image.refresh_from_db()
    assert (image.alt_en, image.caption_en, image.credit_en) == (
        "The technopark",
        "Its new building",
        "Photo: city hall",
    )
    assert image.translation_records.filter(field="alt").exists()


def test_a_translator_cannot_change_the_focal_point(translator):
    image = ImageFactory()
    client = logged_in(translator, "en")
    values = open_form(client, change_url(image), "image_form")
    values.update(focal_x="0.1")
    response = client.post(change_url(image), values)
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_the_translation_dashboard_lists_images_to_translate(translator):
    ImageFactory(untranslated=True, alt_ru="Панорама города")
    page = logged_in(translator, "en").get(reverse("translations:dashboard")).content.decode()
    assert "Панорама города" in page


def test_a_translator_exports_images_for_translation(translator):
    image = ImageFactory(untranslated=True, alt_ru="Панорама города")
    response = logged_in(translator, "en").post(
        "/admin/images/image/",
        {"action": "export_for_translation", "_selected_action": [image.pk]},
    )
    assert response.status_code == 200
    exported = b"".join(response.streaming_content if response.streaming else [response.content])
    assert "Панорама города".encode() in exported
    assert b"<xliff" in exported
