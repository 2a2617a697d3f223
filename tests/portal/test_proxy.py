"""The production recipe facing strangers: gunicorn trusts no forwarded header of theirs."""

import http.client

import pytest

from tests.production import gunicorn, raw_exchange

# The servers read the tests' database, which exists once a test asks for it.
pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HUGE = 150 * MB
TOO_LARGE = {
    "en": "This page accepts at most {size}\xa0MB at a time. Nothing was saved.",
    "ru": "Эта страница принимает не больше {size}\xa0МБ за раз. Ничего не сохранено.",
}
FILE_PART = (
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
    b"Content-Type: application/octet-stream\r\n\r\n"
)
# Anyone can send a CSRF cookie of their own; with one, Django's check reads the form.
CSRF_COOKIE = "Cookie: __Host-csrftoken=" + "a" * 32


def get(address: str, path: str, headers: dict | None = None) -> tuple[int, str]:
    """A reader's request, answered within a generous 10 s or failed."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def sitemap_scheme(address: str, headers: dict) -> str:
    """Whether the request counted as HTTPS, as robots.txt shows it: the sitemap's address
    is made from the request."""
    status, text = get(address, "/robots.txt", headers)
    assert status == 200
    return text.split("Sitemap: ")[1].split("://")[0]


def chunks(total: int, size: int = 64 * 1024):
    """A chunked body's pieces, ``total`` bytes of form data, never finished."""
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b"a" * size + b"\r\n"


@pytest.fixture(scope="module")
def direct(django_db_setup, collected_static):
    """gunicorn alone, with no proxy in front (DJANGO_BEHIND_PROXY off)."""
    with gunicorn(workers=1) as address:
        yield address


# Forwarded headers


@pytest.mark.parametrize(
    "header",
    [("X-Forwarded-Proto", "https"), ("X-Forwarded-Ssl", "on"), ("X-Forwarded-Protocol", "ssl")],
)
def test_without_a_proxy_no_header_makes_plain_http_count_as_https(direct, header):
    # From 127.0.0.1, the address gunicorn trusted by default.
    assert sitemap_scheme(direct, dict([header])) == "http"


# Bodies


def test_straight_to_gunicorn_a_huge_or_endless_body_is_answered_without_being_read(direct):
    status, answer = raw_exchange(
        direct,
        "POST /en/ HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: multipart/form-data; boundary=b\n"
        f"Content-Length: {HUGE}\n{CSRF_COOKIE}\n",
        [FILE_PART + b"0" * MB],
    )
    assert status == 413
    assert TOO_LARGE["en"].format(size="2.0") in answer

    status, answer = raw_exchange(
        direct,
        "POST /ru/ HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n"
        f"Content-Type: application/x-www-form-urlencoded\n{CSRF_COOKIE}\n",
        chunks(MB),
    )
    assert status == 411
    assert "Отправьте данные вместе с их длиной" in answer
