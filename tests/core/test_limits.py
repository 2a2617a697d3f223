"""What a request may send: a form's worth to any page, files only where a form takes them,
and a refusal, in the reader's language, before the body is read."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string
from lxml import etree

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
TOO_LARGE = {
    "en": "This page accepts at most {size}\xa0MB at a time. Nothing was saved.",
    "ru": "Эта страница принимает не больше {size}\xa0МБ за раз. Ничего не сохранено.",
}
NO_FILES = {
    "en": "This page does not take files. Nothing was saved.",
    "ru": "Эта страница не принимает файлы. Ничего не сохранено.",
}


class Upload:
    """A multipart body of ``size`` bytes, some fields and then one file, made as it is
    read; it notes how much of it was read, and whether a file appeared in ``watched``
    meanwhile (where Django writes the uploads it keeps on disk)."""

    BOUNDARY = "----limits-test"

    def __init__(self, size: int, fields: dict[str, str], watched: Path | None = None):
        head = "".join(
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        self.head, self.tail = head.encode(), f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.size, self.watched = size, watched
        self.read_bytes, self.file_on_disk = 0, False

    def read(self, size: int = -1) -> bytes:
        end = self.size if size is None or size < 0 else min(self.size, self.read_bytes + size)
        tail_start = self.size - len(self.tail)
        piece = bytearray()
        for start, stop, source in (
            (0, len(self.head), self.head),
            (len(self.head), tail_start, None),
            (tail_start, self.size, self.tail),
        ):
            low, high = max(self.read_bytes, start), min(end, stop)
            if low < high:
                piece += source[low - start : high - start] if source else bytes(high - low)
        self.read_bytes = end
        if self.watched and any(self.watched.iterdir()):
            self.file_on_disk = True
        return bytes(piece)

    def readline(self, size: int = -1) -> bytes:
        raise NotImplementedError("Django reads a body in chunks, not lines")

    def post(self, client: Client, url: str, **headers):
        return client.generic(
            "POST",
            url,
            CONTENT_TYPE=f"multipart/form-data; boundary={self.BOUNDARY}",
            CONTENT_LENGTH=str(self.size),
            **{"wsgi.input": self},
            **headers,
        )


@pytest.fixture
def stranger():
    """An anonymous browser with a CSRF cookie, as anyone can have: Django's check then
    reads the posted form, as it did the 150 MB one."""
    client = Client(enforce_csrf_checks=True)
    token = get_random_string(32)
    client.cookies["csrftoken"] = token
    client.token = token
    return client


@pytest.mark.parametrize(
    ("url", "headers", "language"),
    [
        ("/en/", {}, "en"),
        ("/ru/", {}, "ru"),
        ("/admin/login/", {}, "ru"),
        ("/admin/login/", {"HTTP_ACCEPT_LANGUAGE": "en"}, "en"),
    ],
)
def test_a_body_larger_than_a_form_is_refused_unread_in_the_readers_language(
    stranger, url, headers, language
):
    body = Upload(150 * MB, {"csrfmiddlewaretoken": stranger.token, "username": "x"})

    response = body.post(stranger, url, **headers)

    assert response.status_code == 413
    assert TOO_LARGE[language].format(size="2.0" if language == "en" else "2,0") in (
        response.content.decode()
    )
    assert f'<html lang="{language}">' in response.content.decode()
    assert body.read_bytes == 0


@pytest.mark.parametrize(
    ("url", "language"), [("/en/", "en"), ("/ru/poisk/", "ru"), ("/admin/login/", "ru")]
)
def test_a_file_sent_where_no_form_takes_one_is_refused_and_never_stored(
    stranger, settings, tmp_path, url, language
):
    # Every upload would go to disk, where the test can see it.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = Upload(
        MB, {"csrfmiddlewaretoken": stranger.token, "username": "x", "password": "y"}, tmp_path
    )

    response = body.post(stranger, url)

    assert not body.file_on_disk
    assert body.read_bytes < MB
    assert response.status_code == 400
    assert NO_FILES[language] in response.content.decode()


def test_an_editors_form_sent_with_a_file_changes_nothing(editor_client):
    article = ArticleFactory(headline_ru="Как было")
    url = reverse("admin:news_article_change", args=[article.pk])

    response = editor_client.post(
        url, {"headline_ru": "Подменено", "file": SimpleUploadedFile("x.bin", b"x" * 1000)}
    )

    assert response.status_code == 400
    assert NO_FILES["ru"] in response.content.decode()
    article.refresh_from_db()
    assert article.headline_ru == "Как было"


def padded_translation(client, size: int) -> bytes:
    """The exported work, every unit translated, padded with a comment to ``size`` bytes."""
    document = etree.fromstring(client.get(reverse("translations:export")).content)
    for segment in document.iter(f"{XLIFF}segment"):
        etree.SubElement(segment, f"{XLIFF}target").text = "EN"
    data = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    return data + b"<!--" + b"x" * (size - len(data) - 7) + b"-->"


def test_the_xliff_import_takes_a_file_larger_than_a_form(translator_client):
    ArticleFactory(headline_ru="Для перевода", headline_en="", english_ready=False)
    data = padded_translation(translator_client, 4 * MB)

    response = translator_client.post(
        reverse("translations:import"),
        {"file": SimpleUploadedFile("work.xlf", data)},
        follow=True,
    )

    assert response.status_code == 200
    assert any("imported" in str(message) for message in response.context["messages"])


def test_a_file_larger_than_the_import_takes_is_refused_unread(translator_client):
    # The translator reads the admin in English.
    body = Upload(8 * MB, {"csrfmiddlewaretoken": "unchecked"})

    response = body.post(translator_client, reverse("translations:import"))

    assert response.status_code == 413
    assert TOO_LARGE["en"].format(size="7.0") in response.content.decode()
    assert body.read_bytes == 0
