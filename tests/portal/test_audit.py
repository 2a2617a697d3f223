"""The audit log of staff actions (core.audit, django-auditlog): an entry for each action,
seen only by those who may, and changed or deleted by nobody."""

import pytest
import reversion
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from core.audit import Event
from core.roles import EDITORS, TRANSLATORS
from news.models import Article
from tests.admin_forms import authenticator, current_code, form_values, logged_in
from tests.factories import ArticleFactory, OrganisationFactory, ParagraphFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
AUDIT_LOG = "/admin/auditlog/logentry/"


def view_audit_log() -> Permission:
    return Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")


def events(name: Event):
    return LogEntry.objects.filter(additional_data__event=name.value).order_by("pk")


def changes_of(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.UPDATE)


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def boss_client(boss):
    return logged_in(boss)


# Logins


def test_a_login_and_its_second_factor_are_logged_with_the_address(client, editor, settings):
    settings.PROXY_COUNT = 1
    behind_the_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    device = authenticator(editor)

    client.post("/admin/login/", {"username": "irina", "password": PASSWORD}, **behind_the_proxy)
    client.post("/admin/second-factor/", {"code": current_code(device)}, **behind_the_proxy)

    login, second = events(Event.LOGIN).get(), events(Event.SECOND_FACTOR_PASSED).get()
    assert login.actor == second.actor == editor
    # The client's address as the lockouts count it, not the first (forged) forwarded one.
    assert login.remote_addr == second.remote_addr == "203.0.113.9"


def test_failed_logins_are_logged_for_a_known_name_and_an_unknown_one(client, editor):
    client.post("/admin/login/", {"username": "irina", "password": "wrong password"})
    client.post("/admin/login/", {"username": "nobody", "password": "wrong password"})

    known, unknown = events(Event.LOGIN_FAILED)
    assert known.object_pk == str(editor.pk) and known.actor is None
    assert unknown.object_repr == "nobody" and unknown.object_pk == ""
    assert not events(Event.LOGIN).exists()


def test_a_wrong_second_factor_code_is_logged(client, editor):
    device = authenticator(editor)
    client.post("/admin/login/", {"username": "irina", "password": PASSWORD})
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"

    client.post("/admin/second-factor/", {"code": wrong})

    entry = events(Event.SECOND_FACTOR_FAILED).get()
    assert entry.object_pk == str(editor.pk)
    assert not events(Event.SECOND_FACTOR_PASSED).exists()


# Publications and restores


def test_a_publication_is_logged_with_its_editor(editor_client, editor):
    article = ArticleFactory(draft=True)

    editor_client.post(
        "/admin/news/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )

    entry = changes_of(article).get()
    assert entry.actor == editor
    assert entry.changes["status"] == ["draft", "published"]
    assert "published_at" in entry.changes


def test_a_restore_is_logged(editor_client, editor):
    article = ArticleFactory(headline_ru="Первый текст")
    ParagraphFactory(article=article, position=1)
    with reversion.create_revision():
        article.save()
    article.headline_ru = "Второй текст"
    with reversion.create_revision():
        article.save()
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])

    response = editor_client.post(
        revision_url, form_values(page(editor_client, revision_url), "article_form")
    )

    assert response.status_code == 302
    entry = events(Event.RESTORED).get()
    assert entry.actor == editor
    assert entry.object_pk == str(article.pk) and entry.additional_data["version"] == first.pk


def test_only_looking_at_an_old_version_logs_nothing(editor_client):
    article = ArticleFactory()
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).get()

    page(editor_client, reverse("admin:news_article_revision", args=[article.pk, version.pk]))

    assert not events(Event.RESTORED).exists()


# Roles and permissions


def test_group_membership_and_user_permissions_changed_in_the_admin_are_logged(
    boss_client, boss, translator
):
    editors = Group.objects.get(name=EDITORS)
    change = reverse("admin:auth_user_change", args=[translator.pk])
    values = form_values(page(boss_client, change), "user_form")
    values["groups"] = [str(editors.pk)]
    values["user_permissions"] = [str(view_audit_log().pk)]

    response = boss_client.post(change, values)

    assert response.status_code == 302
    entries = LogEntry.objects.get_for_object(translator).filter(actor=boss)
    changed = {field for entry in entries for field in entry.changes}
    assert {"groups", "user_permissions"} <= changed
    assert "password" not in changed and "last_login" not in changed


def test_a_groups_permissions_changed_are_logged(boss_client, boss, translator):
    translators = Group.objects.get(name=TRANSLATORS)
    change = reverse("admin:auth_group_change", args=[translators.pk])
    values = form_values(page(boss_client, change), "group_form")
    values["permissions"] = [
        *values["permissions"],
        str(Permission.objects.get(codename="delete_article").pk),
    ]

    assert boss_client.post(change, values).status_code == 302

    entry = LogEntry.objects.get_for_object(translators).filter(actor=boss).get()
    assert entry.changes["permissions"]["operation"] == "add"
    assert entry.changes["permissions"]["objects"] == [
        str(Permission.objects.get(codename="delete_article"))
    ]


# Exchange files


def test_an_export_and_an_import_are_logged(translator_client, translator):
    article = ArticleFactory(untranslated=True)

    assert translator_client.get("/admin/translations/export/").status_code == 200
    translator_client.post(
        "/admin/translations/import/",
        {
            "file": SimpleUploadedFile(
                "work.xlf", b"<not xliff", content_type="application/xliff+xml"
            )
        },
    )

    export = events(Event.EXPORTED).get()
    assert (
        export.actor == translator
        and f"news.article:{article.pk}" in export.additional_data["records"]
    )
    imported = events(Event.IMPORTED).get()
    assert imported.actor == translator
    assert imported.additional_data["file"] == "work.xlf"
    assert imported.additional_data["applied"] == 0 and imported.additional_data["problems"] > 0


# Who sees it, and that nobody changes it


def test_superusers_and_those_given_the_permission_read_the_log(boss, django_user_model):
    auditor = django_user_model.objects.create_user("anna", password=PASSWORD, is_staff=True)
    auditor.user_permissions.add(view_audit_log())
    Client().post("/admin/login/", {"username": "nobody", "password": "wrong password"})
    entry = events(Event.LOGIN_FAILED).get()

    for reader in (boss, auditor):
        client = logged_in(reader, "en")
        listed = page(client, AUDIT_LOG)
        assert "Failed to log in" in listed and "nobody" in listed
        shown = page(client, reverse("admin:auditlog_logentry_change", args=[entry.pk]))
        assert "username: nobody" in shown
        assert 'type="submit"' not in shown.split('id="logentry_form"')[-1].split("</form>")[0]


def test_editors_and_translators_cannot_see_the_log(editor_client, translator_client):
    entry = events(Event.LOGIN).first() or LogEntry.objects.log_create(
        ArticleFactory(), force_log=True, action=LogEntry.Action.CREATE
    )

    for client in (editor_client, translator_client):
        assert client.get(AUDIT_LOG).status_code == 403
        assert (
            client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code
            == 403
        )
        assert AUDIT_LOG not in page(client, "/admin/")


def test_nobody_changes_or_deletes_an_entry_through_the_admin(boss_client):
    article = ArticleFactory(draft=True)
    entry = LogEntry.objects.get_for_object(article).get()
    before = LogEntry.objects.values().get(pk=entry.pk)
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])

    assert boss_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert boss_client.post(reverse("admin:auditlog_logentry_add"), {}).status_code == 403
    assert boss_client.post(change, {"object_repr": "forged", "action": 2}).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert boss_client.post(delete, {"post": "yes"}).status_code == 403
    boss_client.post(
        AUDIT_LOG, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )

    assert LogEntry.objects.values().get(pk=entry.pk) == before
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_recovered_record_is_logged(editor_client, editor):
    organisation = OrganisationFactory()
    with reversion.create_revision():
        organisation.save()
    version = Version.objects.get_for_object(organisation).get()
    pk = organisation.pk
    organisation.delete()
    recover_url = reverse("admin:partners_organisation_recover", args=[version.pk])

    response = editor_client.post(
        recover_url, form_values(page(editor_client, recover_url), "organisation_form")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = events(Event.RECOVERED).get()
    assert entry.actor == editor and entry.object_pk == str(pk)
