"""The second step of a staff login: an authenticator app's code, or a recovery code, after
the password; enrolled at the first login; locked out like passwords (portal.two_factor)."""

import base64
import io
import re
from datetime import timedelta
from urllib.parse import quote

import lxml.html
import pytest
import time_machine
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.admin_forms import authenticator, current_code, logged_in
from tests.factories import ArticleFactory
from tests.pages import page

PASSWORD = "a-long-test-password"
ADDRESS = "203.0.113.7"


def log_in(client, username: str, next_page: str = "/admin/"):
    """The password step, as the login form sends it; answers its redirect."""
    response = client.post(
        f"/admin/login/?next={next_page}",
        {"username": username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def give_code(client, code: str, url: str = "/admin/second-factor/", next_page: str = "/admin/"):
    return client.post(url, {"code": code, "next": next_page}, REMOTE_ADDR=ADDRESS)


def wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def secret_shown(html: str) -> bytes:
    """The key the enrolment page gives to type into the app, as bytes."""
    text = lxml.html.fromstring(html).get_element_by_id("second-factor-secret").text
    return base64.b32decode(text)


# Enrolment


def test_a_new_editor_is_sent_from_the_password_to_enrol_an_app(client, editor):
    login = log_in(client, "irina", next_page="/admin/news/article/")
    admin = client.get(login["Location"])

    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/second-factor/enrol/")
    html = page(client, admin["Location"])
    qr_code = lxml.html.fromstring(html).xpath('//div[@class="second-factor-qr"]/svg')
    assert qr_code and qr_code[0].xpath(".//path")
    # Strict CSP: the QR code is drawn without scripts or styles inline.
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not TOTPDevice.objects.filter(user=editor).exists()  # nothing kept before a code


def test_the_first_code_confirms_the_app_and_shows_ten_recovery_codes_once(client, editor):
    log_in(client, "irina")
    enrol_page = page(client, "/admin/second-factor/enrol/?next=/admin/news/article/")
    key = secret_shown(enrol_page)

    done = give_code(
        client,
        f"{totp(key):06d}",
        url="/admin/second-factor/enrol/",
        next_page="/admin/news/article/",
    )

    assert done.status_code == 200
    codes = [
        code.text
        for code in lxml.html.fromstring(done.content).xpath(
            '//ul[@class="recovery-codes"]/li/code'
        )
    ]
    assert len(codes) == len(set(codes)) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/news/article/").status_code == 200
    # Shown once: the enrolment page now sends to the code, and shows no codes again.
    client.logout()
    log_in(client, "irina")
    assert client.get("/admin/second-factor/enrol/")["Location"].startswith("/admin/second-factor/")
    assert "recovery-codes" not in page(client, "/admin/second-factor/")


def test_a_wrong_first_code_keeps_no_app(client, editor):
    log_in(client, "irina")
    key = secret_shown(page(client, "/admin/second-factor/enrol/"))

    refused = give_code(client, wrong(f"{totp(key):06d}"), url="/admin/second-factor/enrol/")

    assert refused.status_code == 200
    assert 'class="errornote"' in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/").status_code == 302


# Logging in


def test_an_enrolled_editor_gives_a_code_from_the_app_and_lands_where_she_was_going(client, editor):
    device = authenticator(editor)
    login = log_in(client, "irina", next_page="/admin/news/article/")
    asked = client.get(login["Location"])
    assert asked["Location"] == "/admin/second-factor/?next=%2Fadmin%2Fnews%2Farticle%2F"

    done = give_code(client, current_code(device), next_page="/admin/news/article/")

    assert done.status_code == 302 and done["Location"] == "/admin/news/article/"
    assert client.get("/admin/news/article/").status_code == 200


def test_a_code_from_another_site_is_not_followed_after_the_second_factor(client, editor):
    device = authenticator(editor)
    log_in(client, "irina")

    done = give_code(client, current_code(device), next_page="https://evil.example/")

    assert done["Location"] == "/admin/"


def enrol(client, username: str) -> list[str]:
    """Log in for the first time and enrol an app; the recovery codes shown."""
    log_in(client, username)
    key = secret_shown(page(client, "/admin/second-factor/enrol/"))
    done = give_code(client, f"{totp(key):06d}", url="/admin/second-factor/enrol/")
    return [
        code.text
        for code in lxml.html.fromstring(done.content).xpath(
            '//ul[@class="recovery-codes"]/li/code'
        )
    ]


def test_a_recovery_code_logs_in_once(client, editor):
    codes = enrol(client, "irina")
    client.logout()
    log_in(client, "irina")  # the phone is lost: a recovery code instead

    assert give_code(client, codes[3]).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    log_in(client, "irina")
    again = give_code(client, codes[3])
    assert again.status_code == 200 and 'class="errornote"' in again.content.decode()
    # Another code, typed loosely, once django-otp's pause after a wrong code is over.
    with time_machine.travel(timedelta(seconds=5)):
        assert give_code(client, f" {codes[4].upper()} ").status_code == 302


ADMIN_PAGES = [
    "/admin/",
    "/admin/news/article/",
    "/admin/news/article/add/",
    "/admin/news/article/{pk}/change/",
    "/admin/news/article/{pk}/history/",
    "/admin/translations/",
    "/admin/translations/export/",
    "/admin/auth/user/",
    "/admin/auditlog/logentry/",
    "/admin/password_change/",
    "/admin/jsi18n/",
]


@pytest.mark.parametrize("role", ["editor", "translator"])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_without_the_second_factor_every_admin_page_sends_to_it(client, request, role, url):
    user = request.getfixturevalue(role)
    authenticator(user)
    article = ArticleFactory()
    client.force_login(user)  # the password, and nothing more

    response = client.get(url.format(pk=article.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/")


def test_a_forged_post_without_the_second_factor_changes_nothing(client, editor):
    authenticator(editor)
    article = ArticleFactory(headline_ru="Как было")
    client.force_login(editor)

    posts = [
        client.post(f"/admin/news/article/{article.pk}/change/", {"headline_ru": "Подделка"}),
        client.post(
            "/admin/news/article/",
            {"action": "publish_now", "_selected_action": [article.pk]},
        ),
        client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"}),
        client.post("/admin/translations/import/", {}),
    ]

    assert all(post.status_code == 302 for post in posts)
    assert all(post["Location"] == "/admin/second-factor/" for post in posts)
    article.refresh_from_db()
    assert article.headline_ru == "Как было"


def test_without_the_second_factor_a_draft_preview_is_not_shown_and_leads_to_it(client, translator):
    device = authenticator(translator)
    article = ArticleFactory(draft=True)
    preview = f"/ru/novosti/predprosmotr/{article.pk}/"
    client.force_login(translator)

    refused = client.get(preview)

    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    asked = client.get(refused["Location"])
    assert asked["Location"] == f"/admin/second-factor/?next={quote(preview, safe='')}"
    done = give_code(client, current_code(device), next_page=preview)
    assert done["Location"] == preview
    assert client.get(preview).status_code == 200


def test_a_superuser_needs_it_too(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    login = log_in(client, "boss")

    assert client.get(login["Location"])["Location"].startswith("/admin/second-factor/enrol/")
    assert logged_in(boss).get("/admin/").status_code == 200


# The lockout covers the second factor


def test_five_wrong_codes_lock_the_name_and_address_out_as_wrong_passwords_do(client, editor):
    device = authenticator(editor)
    log_in(client, "irina")
    for _ in range(4):
        assert give_code(client, wrong(current_code(device))).status_code == 200

    assert give_code(client, wrong(current_code(device))).status_code == 429
    assert give_code(client, current_code(device)).status_code == 429
    assert client.get("/admin/").status_code == 302
    # Logging in again with the password does not lift it: the name is locked out.
    client.logout()
    again = client.post(
        "/admin/login/", {"username": "irina", "password": PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert again.status_code == 429


def test_the_password_alone_does_not_clear_the_failed_codes(client, editor):
    device = authenticator(editor)
    log_in(client, "irina")
    for _ in range(4):
        give_code(client, wrong(current_code(device)))
    client.logout()

    log_in(client, "irina")  # a thief with the password, hoping to start the count again

    assert give_code(client, wrong(current_code(device))).status_code == 429


def test_the_second_factor_clears_the_failures(client, editor):
    device = authenticator(editor)
    log_in(client, "irina")
    for _ in range(4):
        give_code(client, wrong(current_code(device)))
    # django-otp's own throttle waits a moment after each failure; that is past here.
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()

    assert give_code(client, current_code(device)).status_code == 302
    client.logout()
    log_in(client, "irina")
    for _ in range(4):
        assert give_code(client, wrong(current_code(device))).status_code == 200


# Development


def test_demo_users_skip_it_in_development_and_are_told_so(db, client, settings):
    settings.DEBUG = True  # make run: DJANGO_DEBUG on, PORTAL_REQUIRE_2FA off by default
    settings.PORTAL_REQUIRE_2FA = False
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    password = re.search(r"user editor\s+password (\S+)", out.getvalue()).group(1)

    login = client.post("/admin/login/", {"username": "editor", "password": password})

    assert client.get(login["Location"]).status_code == 200
    assert "No second factor is asked in development" in out.getvalue()
