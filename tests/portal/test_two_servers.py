"""Two web machines, as docs/deploy.md lays them out: two gunicorn servers on two ports
sharing one PostgreSQL (and one Redis when ``REDIS_URL`` is set, as in CI's second run).
An editor's save through one is on the other's pages at the next request, and a release
step run while they serve interrupts no reader."""

import os
import subprocess
import sys
import threading
from contextlib import ExitStack

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_random_string

from bench.production import database_url, gunicorn
from tests.admin_forms import authenticator, change_url, current_code, form_values
from tests.factories import ArticleFactory

PASSWORD = "a-long-password-for-two-servers"


@pytest.fixture
def two_servers(transactional_db, collected_static):
    shared = {"REDIS_URL": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}
    with ExitStack() as stack:
        yield [f"http://{stack.enter_context(gunicorn(workers=1, **shared))}" for _ in range(2)]


class Browser:
    """An editor's browser: cookies kept by hand, since the production cookies are Secure
    (``__Host-``) and these servers are reached over plain HTTP on the loopback."""

    def __init__(self, origin: str):
        self.origin = origin
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **options) -> requests.Response:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method,
            self.origin + path,
            headers={"Cookie": cookie},
            allow_redirects=False,
            timeout=20,
            **options,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def log_in(self, user) -> None:
        """The password, then a code from the authenticator app, as production asks."""
        app = authenticator(user)
        form = form_values(self.request("GET", "/admin/login/").text, "login-form")
        form.update(username=user.username, password=PASSWORD)
        assert self.request("POST", "/admin/login/", data=form).status_code == 302
        second = form_values(
            self.request("GET", "/admin/second-factor/").text, "second-factor-form"
        )
        second["code"] = current_code(app)
        assert self.request("POST", "/admin/second-factor/", data=second).status_code == 302


def an_editor_who_can_log_in_by_password(editor):
    # The servers hash as production does; the tests' own fast hasher is not among theirs.
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(16))
    editor.save()


def test_an_edit_through_one_server_shows_on_the_other_at_the_next_request(two_servers, editor):
    an_editor_who_can_log_in_by_password(editor)
    article = ArticleFactory(headline_ru="Заголовок до правки", slug_ru="do-pravki")
    first, second = two_servers
    address = "/ru/novosti/do-pravki/"
    for _ in range(3):  # cached on both
        for origin in two_servers:
            assert "Заголовок до правки" in requests.get(origin + address, timeout=20).text

    browser = Browser(first)
    browser.log_in(editor)
    values = form_values(browser.request("GET", change_url(article)).text, "article_form")
    values["headline_ru"] = "Заголовок после правки"
    saved = browser.request("POST", change_url(article), data=values)
    assert saved.status_code == 302, saved.text[:2000]

    page = requests.get(second + address, timeout=20)
    assert page.status_code == 200
    assert "Заголовок после правки" in page.text
    assert "Заголовок до правки" not in page.text


def test_a_release_step_run_while_both_serve_interrupts_no_reader(two_servers, tmp_path):
    ArticleFactory(slug_ru="vo-vremya-vypuska")
    answers: list[int] = []
    releasing = threading.Event()

    def read():
        while not releasing.is_set():
            for origin in two_servers:
                answers.append(requests.get(f"{origin}/ru/novosti/vo-vremya-vypuska/").status_code)

    reader = threading.Thread(target=read)
    reader.start()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "r" * 64,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_ORIGIN": "http://127.0.0.1",
        "DATABASE_URL": database_url(),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    try:
        for step in (["migrate", "--noinput"], ["setup_roles"], ["load_content"]):
            subprocess.run(
                [sys.executable, "manage.py", *step],
                cwd=settings.BASE_DIR,
                env=environment,
                check=True,
                capture_output=True,
                timeout=300,
            )
    finally:
        releasing.set()
        reader.join()

    assert answers and set(answers) == {200}
