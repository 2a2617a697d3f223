"""The production recipe facing strangers: gunicorn trusts no forwarded header of theirs,
and nginx in front (`make serve-proxy`) keeps slow clients and huge bodies off gunicorn's
few workers."""

import http.client
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.production import NGINX, SlowClients, gunicorn, nginx, raw_exchange
from core.limits import largest_body_accepted

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


def counted_scheme(address: str, headers: dict) -> str:
    """Whether the request counted as HTTPS, as a browser sees it: Django sends HSTS only
    over HTTPS. (Absolute URLs come from PORTAL_ORIGIN, whatever the request's scheme.)"""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/robots.txt", headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        return "https" if response.getheader("Strict-Transport-Security") else "http"
    finally:
        connection.close()


def chunks(total: int, size: int = 64 * 1024):
    """A chunked body's pieces, ``total`` bytes of form data, never finished."""
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b"a" * size + b"\r\n"


@pytest.fixture(scope="module")
def direct(django_db_setup, collected_static):
    """gunicorn alone, with no proxy in front (DJANGO_BEHIND_PROXY off)."""
    with gunicorn(workers=1) as address:
        yield address


@dataclass
class Proxied:
    address: str  # nginx's
    upstream: str  # gunicorn's, behind it
    access_log: Path  # gunicorn's: what reached it

    def reached_gunicorn(self, marker: str) -> bool:
        time.sleep(0.2)  # the worker writes its line after the answer
        return marker in self.access_log.read_text()


@pytest.fixture(scope="module")
def proxied(django_db_setup, collected_static, tmp_path_factory):
    """gunicorn behind nginx, as `make serve-proxy` runs them."""
    if not Path(NGINX).exists():
        how = "sudo apt-get install nginx-light (make test installs it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs nginx: {how}")
        pytest.skip(f"nginx is not installed: {how}")
    directory = tmp_path_factory.mktemp("proxy")
    access_log = directory / "access.log"
    with (
        gunicorn(access_log=str(access_log), DJANGO_BEHIND_PROXY="true") as upstream,
        nginx(upstream, directory / "nginx") as address,
    ):
        yield Proxied(address, upstream, access_log)


# Forwarded headers


@pytest.mark.parametrize(
    "header",
    [("X-Forwarded-Proto", "https"), ("X-Forwarded-Ssl", "on"), ("X-Forwarded-Protocol", "ssl")],
)
def test_without_a_proxy_no_header_makes_plain_http_count_as_https(direct, header):
    # From 127.0.0.1, the address gunicorn trusted by default.
    assert counted_scheme(direct, dict([header])) == "http"


def test_behind_a_proxy_only_its_x_forwarded_proto_says_https(proxied):
    assert counted_scheme(proxied.upstream, {"X-Forwarded-Proto": "https"}) == "https"
    assert counted_scheme(proxied.upstream, {"X-Forwarded-Ssl": "on"}) == "http"
    assert counted_scheme(proxied.upstream, {"X-Forwarded-Protocol": "ssl"}) == "http"


def test_the_proxy_says_who_the_client_is_and_how_it_came_whatever_the_client_claims(proxied):
    claims = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Ssl": "on",
        "X-Forwarded-For": "203.0.113.9",
    }
    status, _text = get(proxied.address, "/robots.txt?claims", claims)

    assert status == 200
    assert counted_scheme(proxied.address, claims) == "http"
    line = next(line for line in proxied.access_log.read_text().splitlines() if "?claims" in line)
    assert line.startswith('127.0.0.1 "GET /robots.txt?claims')


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


@pytest.mark.parametrize(("path", "language"), [("/en/", "en"), ("/ru/", "ru")])
def test_the_proxy_refuses_a_huge_body_before_it_reaches_gunicorn(proxied, path, language):
    head = f"POST {path}?huge-{language} HTTP/1.1\nHost: 127.0.0.1\n{CSRF_COOKIE}\n"
    # The largest body any page takes (the image library's uploads), which nginx applies.
    largest = f"{largest_body_accepted() / MB:.1f}"
    refusal = TOO_LARGE[language].format(
        size=largest if language == "en" else largest.replace(".", ",")
    )

    status, answer = raw_exchange(proxied.address, f"{head}Content-Length: {HUGE}\n", [b"a" * MB])
    assert status == 413 and refusal in answer

    # Without a length, once it passes the mark.
    status, answer = raw_exchange(
        proxied.address, f"{head}Transfer-Encoding: chunked\n", chunks(largest_body_accepted() + MB)
    )
    assert status == 413 and refusal in answer

    assert not proxied.reached_gunicorn(f"?huge-{language}")


def test_a_body_the_proxy_lets_through_is_judged_by_its_page(proxied):
    # 3 MB: under the XLIFF import's limit, which nginx applies to every page; over a form's.
    status, answer = raw_exchange(
        proxied.address,
        f"POST /en/?middling HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {3 * MB}\n",
        [b"a" * (3 * MB)],
    )

    assert status == 413
    assert TOO_LARGE["en"].format(size="2.0") in answer
    assert proxied.reached_gunicorn("?middling")


# Slow clients


@pytest.mark.parametrize("slow_body", [False, True], ids=["slow-headers", "slow-bodies"])
def test_readers_are_answered_while_slow_clients_hold_connections(proxied, slow_body):
    # Straight to gunicorn's two workers, such a probe left every reader waiting some 40 s.
    probe = SlowClients(proxied.address, slow_body=slow_body)
    probe.start()
    try:
        assert probe.all_open.wait(timeout=10)
        answered = 0
        until = time.monotonic() + 6
        while time.monotonic() < until:
            assert get(proxied.address, "/ru/")[0] == 200
            assert get(proxied.address, "/en/")[0] == 200
            answered += 2
            time.sleep(0.2)
        assert probe.pieces_sent >= 12 * 3  # the probe kept at it all along
    finally:
        probe.stop()
    assert answered >= 10
