"""Hardened production settings and an admin that resists attack."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import global_settings, settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from bench.production import HOST, production_environment, production_requests
from tests.admin_forms import authenticator, current_code

pytestmark = pytest.mark.django_db

HTTPS = {"secure": True, "HTTP_HOST": HOST}
PASSWORD = "correct horse battery staple"


def test_the_deploy_check_passes_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def assert_hardened(headers: dict) -> None:
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    hsts = dict(
        part.strip().partition("=")[::2] for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 365 * 24 * 3600 and "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert (
        "camera=()" in headers["Permissions-Policy"]
        and "geolocation=()" in headers["Permissions-Policy"]
    )


def test_public_and_admin_pages_carry_the_security_headers(collected_static):
    public, robots, admin_login = production_requests(
        {"path": "/ru/", **HTTPS},
        {"path": "/robots.txt", **HTTPS},
        {"path": "/admin/login/", **HTTPS},
    )

    for response in (public, robots, admin_login):
        assert response["status"] == 200
        assert_hardened(response["headers"])


def test_plain_http_is_sent_to_https_and_a_wrong_host_is_refused():
    plain, other_port, wrong_host = production_requests(
        {"path": "/ru/", "HTTP_HOST": HOST},
        {"path": "/ru/", "HTTP_HOST": f"{HOST}:6666"},
        {"path": "/ru/", "secure": True, "HTTP_HOST": "evil.example"},
    )

    assert plain["status"] == 301 and plain["headers"]["Location"] == f"https://{HOST}/ru/"
    # To the public origin, not to the port the request named.
    assert other_port["headers"]["Location"] == f"https://{HOST}/ru/"
    assert wrong_host["status"] == 400


def test_in_production_a_page_cached_after_a_forged_host_names_only_the_origin(collected_static):
    forged, clean = production_requests(
        {"path": "/sitemap.xml", "secure": True, "HTTP_HOST": f"{HOST}:6666"},
        {"path": "/sitemap.xml", "secure": True, "HTTP_HOST": HOST},
    )

    for response in (forged, clean):
        assert response["status"] == 200
        assert f"https://{HOST}/ru/" in response["content"]
        assert "6666" not in response["content"]


@pytest.mark.django_db(transaction=True)
def test_cookies_are_host_only_secure_and_lax_and_the_session_turns_over(settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # as production checks it
    get_user_model().objects.create_user("vera", password=PASSWORD, is_staff=True)

    login_page, login, logout = production_requests(
        {"path": "/admin/login/", **HTTPS},
        {
            "path": "/admin/login/",
            "method": "post",
            "data": {"username": "vera", "password": PASSWORD},
            **HTTPS,
        },
        {"path": "/admin/logout/", "method": "post", **HTTPS},
    )

    csrf = login_page["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    assert not csrf["domain"]
    assert login["status"] == 302, login["content"][-3000:]
    session = login["cookies"]["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert login["cookie_values"]["__Host-sessionid"]
    # Logging out drops the session: its cookie is emptied.
    assert logout["cookie_values"].get("__Host-sessionid", "") == ""


def test_the_session_key_changes_at_login(client, django_user_model):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    client.post("/admin/login/", {"username": "vera", "password": PASSWORD})

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    client.post("/admin/logout/")
    assert not client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [
        ("/admin/news/article/", "/admin/news/article/"),
        ("https://evil.example/", "/admin/"),
        ("//evil.example/admin/", "/admin/"),
    ],
)
def test_after_login_a_safe_next_page_is_followed_and_any_other_lands_on_the_admin(
    client, django_user_model, next_page, lands_on
):
    vera = django_user_model.objects.create_superuser("vera", password=PASSWORD)

    login = client.post(
        f"/admin/login/?{urlencode({'next': next_page})}",
        {"username": "vera", "password": PASSWORD},
    )

    assert login.status_code == 302
    assert login["Location"] == lands_on
    assert after_the_second_factor(client, vera, login["Location"]).status_code == 200


def after_the_second_factor(client, user, url: str):
    """``url`` after the second step of logging in, to which it sends."""
    asked = client.get(url)
    assert asked.status_code == 302 and asked["Location"].startswith("/admin/second-factor/")
    code = current_code(authenticator(user))
    done = client.post("/admin/second-factor/", {"code": code, "next": url})
    assert done.status_code == 302 and done["Location"] == url
    return client.get(url)


def test_a_translator_sent_to_log_in_from_the_dashboard_comes_back_to_it(client, translator):
    sent = client.get("/admin/translations/")
    assert sent.status_code == 302

    login = client.post(sent["Location"], {"username": "tom", "password": "a-long-test-password"})

    assert login.status_code == 302 and login["Location"] == "/admin/translations/"
    assert after_the_second_factor(client, translator, login["Location"]).status_code == 200


# Brute force


def attempt(client, password: str, address: str = "203.0.113.7", user: str = "vera"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": user, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_name_and_address_out_for_a_while(client, django_user_model):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    for _ in range(4):
        assert attempt(client, "wrong password").status_code == 200
    assert attempt(client, "wrong password").status_code == 429  # the fifth failure locks

    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429

    # The same editor from her own address is not locked out by the attacker.
    assert attempt(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    # And the lock ends: a finite cool-off.
    with time_machine.travel(timedelta(minutes=16)):
        assert attempt(client, PASSWORD).status_code == 302


def test_behind_a_proxy_each_client_has_its_own_address(client, django_user_model, settings):
    settings.PROXY_COUNT = 1  # nginx writes the client's address, nothing else
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)

    def through_the_proxy(password, client_address, forged=""):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "vera", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}{client_address}",
        )

    for n in range(5):  # an attacker, forging a different address each time
        through_the_proxy("wrong password", "203.0.113.7", forged=f"10.0.0.{n}, ")
    assert through_the_proxy(PASSWORD, "203.0.113.7").status_code == 429
    # The editor comes through the same proxy from her own address.
    assert through_the_proxy(PASSWORD, "198.51.100.20").status_code == 302


def test_attempts_during_a_lockout_do_not_prolong_it(client, django_user_model):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(5):
            attempt(client, "wrong password")
        # Someone at the same address keeps knocking, every few minutes, with the wrong
        # password and with the right one: the lock holds, and does not grow.
        for minutes, password in [(3, "wrong password"), (3, PASSWORD), (3, "wrong password")]:
            clock.shift(timedelta(minutes=minutes))
            assert attempt(client, password).status_code == 429
        clock.shift(timedelta(minutes=5, seconds=59))  # 14:59 after the lock
        assert attempt(client, PASSWORD).status_code == 429

        clock.shift(timedelta(seconds=2))  # 15:01 after the lock
        assert attempt(client, PASSWORD).status_code == 302


def test_another_name_from_the_locked_address_can_still_log_in(client, django_user_model):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    django_user_model.objects.create_user("oleg", password=PASSWORD, is_staff=True)
    for _ in range(5):
        attempt(client, "wrong password")

    assert attempt(client, PASSWORD, user="oleg").status_code == 302
    client.logout()
    # A colleague's login from the same office does not lift her lockout.
    assert attempt(client, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "ru",
            [
                "<title>Вход временно закрыт | Редакция</title>",
                "Новости инноваций Москвы: редакция",
                "вход закрыт на 15 минут",
                "не продлевают",
                "Вернуться к странице входа",
            ],
        ),
        (
            "en",
            [
                "<title>Logging in is locked for a while | Newsroom</title>",
                "Moscow Innovation News: newsroom",
                "locked for 15 minutes",
                "does not extend",
                "Back to the login page",
            ],
        ),
    ],
)
def test_a_locked_out_editor_is_told_in_her_language_when_to_come_back(
    client, django_user_model, language, words
):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    for _ in range(5):
        locked = attempt(client, "wrong password")

    assert locked.status_code == 429
    page = locked.content.decode()
    assert f'<html lang="{language}"' in page
    for text in words:
        assert text in page
    assert 'href="/admin/login/"' in page


def test_many_names_tried_from_one_address_lock_the_address_out(client, django_user_model):
    django_user_model.objects.create_user("vera", password=PASSWORD, is_staff=True)
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert 10 < limit <= 50  # far above an editor's five, stopped within a few dozen names

    # One common password sprayed over many names, once each.
    for number in range(1, limit):
        assert attempt(client, "Summer2026!", user=f"editor{number}").status_code == 200
    assert attempt(client, "Summer2026!", user="vera").status_code == 429  # the limit locks
    assert attempt(client, "Summer2026!", user="someone-else").status_code == 429

    # Every name is refused from that address, even with its password, and nowhere else.
    assert attempt(client, PASSWORD).status_code == 429
    assert attempt(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    with time_machine.travel(timedelta(minutes=15, seconds=1)):
        assert attempt(client, PASSWORD).status_code == 302


def test_an_office_of_editors_making_typos_is_never_locked_out(client, django_user_model):
    editors = [f"editor{number}" for number in range(12)]
    for name in editors:
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)

    # Monday morning behind the office's one address: a dozen editors mistype their
    # passwords, two of them four times, before any of them gets in.
    for name in editors:
        for _ in range(4 if name in editors[:2] else 2):
            assert attempt(client, "correct horse battery stapel", user=name).status_code == 200
    for name in editors:
        assert attempt(client, PASSWORD, user=name).status_code == 302
        client.logout()


# Passwords


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "qwertyuiop123"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "aaaaaaaaaaaaaaab", "мосКва-иннобиз"]
)
def test_long_passwords_need_no_digits_or_symbols(password):
    validate_password(password)
