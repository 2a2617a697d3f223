"""The newsroom's roles: what editors and translators may do, and the commands that set
them up."""

import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from core.roles import EDITORS, TRANSLATORS
from tests.admin_forms import verified_login
from tests.factories import ArticleFactory, OfficialFactory

pytestmark = pytest.mark.django_db

CONTENT = ["news/article", "partners/organisation", "partners/official", "partners/quote"]


def group_permissions(name: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_setup_roles_is_idempotent_and_exact():
    call_command("setup_roles", stdout=io.StringIO())
    first = {name: group_permissions(name) for name in (EDITORS, TRANSLATORS)}

    call_command("setup_roles", stdout=io.StringIO())

    assert {name: group_permissions(name) for name in (EDITORS, TRANSLATORS)} == first
    assert Group.objects.filter(name__in=[EDITORS, TRANSLATORS]).count() == 2
    assert "news.delete_article" in first[EDITORS]
    assert "news.translate_article" in first[TRANSLATORS]
    assert not {
        p for p in first[TRANSLATORS] if p.split(".")[1].startswith(("add_", "delete_", "change_"))
    }


def test_setup_roles_puts_back_a_permission_removed_by_hand():
    call_command("setup_roles", stdout=io.StringIO())
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(editors.permissions.get(codename="delete_article"))

    call_command("setup_roles", stdout=io.StringIO())

    assert "news.delete_article" in group_permissions(EDITORS)


@pytest.mark.parametrize(("role", "may_add"), [("editor", True), ("translator", False)])
@pytest.mark.parametrize("model", CONTENT)
def test_both_roles_read_all_content_and_only_editors_add_it(client, request, role, may_add, model):
    verified_login(client, request.getfixturevalue(role))

    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == (200 if may_add else 403)


def test_editors_may_delete_an_article(client, editor):
    article = ArticleFactory()
    verified_login(client, editor)

    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not type(article).objects.filter(pk=article.pk).exists()


def test_translators_cannot_delete_an_official(client, translator):
    official = OfficialFactory()
    verified_login(client, translator)

    response = client.post(
        reverse("admin:partners_official_delete", args=[official.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert type(official).objects.filter(pk=official.pk).exists()


def test_a_reader_without_a_role_cannot_enter_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 16))

    response = client.get("/admin/news/article/")

    assert response.status_code == 302 and "/admin/login/" in response.headers["Location"]


def test_demo_users_get_a_new_random_password_each_time(client, settings):
    settings.DEBUG = True
    settings.PORTAL_REQUIRE_2FA = False  # as in development, where demo users skip it
    first, second = io.StringIO(), io.StringIO()

    call_command("create_demo_users", stdout=first)
    call_command("create_demo_users", stdout=second)

    def password(output: str, user: str) -> str:
        line = next(line for line in output.splitlines() if f"user {user} " in line)
        return line.split("password")[1].strip()

    assert password(first.getvalue(), "editor") != password(second.getvalue(), "editor")
    for user in ("editor", "translator"):
        client.logout()
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": user, "password": password(second.getvalue(), user)},
        )
        assert response.status_code == 302 and response.headers["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_production_has_no_demo_users():
    environment = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "portal.example",
        "PORTAL_ORIGIN": "https://portal.example",
        "DATABASE_URL": "postgres://unused@127.0.0.1:1/unused",
        "PATH": "/usr/bin:/bin",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "create_demo_users"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "development only" in result.stderr
