"""Every admin route, for each role, on each kind of content: an editor may do everything;
a translator changes English text and nothing else, whichever way the request comes
(list actions, the change form, the history's restore, recovery, deletion, the XLIFF
import, a forged POST)."""

import lxml.html
import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from modeltranslation.translator import translator
from reversion.models import Version

from news.models import Article, ArticleOrganisation
from partners.models import Organisation, Quote
from tests.admin_forms import form_values, verified_login
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
    QuoteFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

MODELS = ["article", "organisation", "official", "quote"]
ROLES = ["editor", "translator"]
FACTORIES = {
    "article": ArticleFactory,
    "organisation": OrganisationFactory,
    "official": OfficialFactory,
    "quote": QuoteFactory,
}
EDITORS_ONLY_ACTIONS = {
    "article": ["delete_selected", "publish_now", "return_to_draft"],
    "organisation": ["delete_selected"],
    "official": ["delete_selected"],
    "quote": ["delete_selected"],
}


def make(model: str):
    """A record of ``model`` with two saved versions: Russian "first", then "second"."""
    if model == "article":
        obj = ArticleFactory(headline_ru="Первый текст")
        ParagraphFactory(article=obj, position=1, text_ru="Первый абзац.")
        PlacedQuoteFactory(article=obj, position=2)
        obj.organisations.add(OrganisationFactory())
    else:
        obj = FACTORIES[model](**{russian_field(model): "Первый текст"})
    with reversion.create_revision():
        obj.save()
    setattr(obj, russian_field(model), "Второй текст")
    with reversion.create_revision():
        obj.save()
    return obj


def russian_field(model: str) -> str:
    return {
        "article": "headline_ru",
        "organisation": "name_ru",
        "official": "full_name_ru",
        "quote": "text_ru",
    }[model]


def url(obj, view: str, *args) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[*args])


def snapshot(obj) -> dict:
    """Everything stored of ``obj`` and what hangs on it, to prove nothing changed."""
    model = type(obj)
    state = {"row": stored(model.objects.filter(pk=obj.pk))[0]}
    if model is Article:
        state["body"] = stored(obj.body.order_by("pk"))
        state["quotes"] = stored(Quote.objects.filter(article=obj).order_by("pk"))
        state["organisations"] = list(
            ArticleOrganisation.objects.filter(article=obj).values_list("organisation", flat=True)
        )
    return state


def stored(queryset) -> list[dict]:
    """The rows as stored, each language's column (modeltranslation reads a translated
    field's own name in whatever language is active)."""
    model = queryset.model
    translated = translator.get_options_for_model(model).fields
    columns = [f.attname for f in model._meta.concrete_fields if f.name not in translated]
    return list(queryset.values(*columns))


def offered_actions(html: str) -> set[str]:
    document = lxml.html.fromstring(html)
    return {value for value in document.xpath('//select[@name="action"]/option/@value') if value}


@pytest.fixture
def as_role(request, editor_client, translator_client):
    return {"editor": editor_client, "translator": translator_client}


# Lists and their actions


@pytest.mark.parametrize("model", MODELS)
def test_each_role_is_offered_only_the_actions_it_may_run(as_role, model):
    obj = make(model)

    offered = {role: offered_actions(page(as_role[role], url(obj, "changelist"))) for role in ROLES}

    assert offered["editor"] == {"export_for_translation", *EDITORS_ONLY_ACTIONS[model]}
    assert offered["translator"] == {"export_for_translation"}


@pytest.mark.parametrize(
    ("model", "action"),
    [(model, action) for model in MODELS for action in EDITORS_ONLY_ACTIONS[model]],
)
def test_a_forged_list_action_from_a_translator_changes_nothing(translator_client, model, action):
    obj = make(model)
    before = snapshot(obj)

    response = translator_client.post(
        url(obj, "changelist"),
        {"action": action, "_selected_action": [obj.pk], "post": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()
    assert snapshot(obj) == before


def test_an_editor_unpublishes_from_the_list(editor_client):
    article = make("article")

    editor_client.post(
        url(article, "changelist"),
        {"action": "return_to_draft", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_both_roles_export_for_translation_from_every_list(as_role, role, model):
    obj = make(model)
    type(obj).objects.filter(pk=obj.pk).update(
        **{russian_field(model).replace("_ru", "_en"): ""},
        **({"english_ready": False} if model == "article" else {}),
    )

    response = as_role[role].post(
        url(obj, "changelist"),
        {"action": "export_for_translation", "_selected_action": [obj.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    assert b"\xd0\x92\xd1\x82\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb9" in response.content  # "Второй"


# History, old versions, recovery, deletion


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_both_roles_read_the_history_and_open_an_old_version(as_role, role, model):
    obj = make(model)
    first = Version.objects.get_for_object(obj).order_by("pk").first()

    history = page(as_role[role], url(obj, "history", obj.pk))
    old_version = page(as_role[role], url(obj, "revision", obj.pk, first.pk))

    assert url(obj, "revision", obj.pk, first.pk) in history
    assert "Первый" in old_version
    assert snapshot(obj)["row"][russian_field(model)] == "Второй текст"  # only looked at


@pytest.mark.parametrize("model", MODELS)
def test_a_translator_sees_an_old_version_read_only_and_cannot_restore_it(translator_client, model):
    obj = make(model)
    first = Version.objects.get_for_object(obj).order_by("pk").first()
    revision_url = url(obj, "revision", obj.pk, first.pk)
    html = page(translator_client, revision_url)
    before = snapshot(obj)

    document = lxml.html.fromstring(html)
    assert not document.xpath('//form//input[@type="submit"]'), "no restore button"
    assert not document.xpath("//form//textarea | //form//input[@type='text']")
    # The page's own form posted back, as the issue found it, and a bare forged POST.
    response = translator_client.post(revision_url, form_values(html, f"{model}_form"))
    forged = translator_client.post(revision_url, {russian_field(model): "Подделка"})

    assert response.status_code == 403
    assert forged.status_code == 403
    assert snapshot(obj) == before


@pytest.mark.parametrize("model", MODELS)
def test_an_editor_restores_an_old_version_of_each_kind(editor_client, model):
    obj = make(model)
    first = Version.objects.get_for_object(obj).order_by("pk").first()
    revision_url = url(obj, "revision", obj.pk, first.pk)

    response = editor_client.post(
        revision_url, form_values(page(editor_client, revision_url), f"{model}_form")
    )

    assert response.status_code == 302
    assert snapshot(obj)["row"][russian_field(model)] == "Первый текст"


def deleted_version(model: str) -> Version:
    """A deleted record of ``model`` that the history can bring back."""
    obj = FACTORIES[model]()
    with reversion.create_revision():
        obj.save()
    version = Version.objects.get_for_object(obj).get()
    obj.delete()
    return version


@pytest.mark.parametrize("model", MODELS)
def test_only_editors_recover_a_deleted_record(as_role, model):
    version = deleted_version(model)
    model_class = version.content_type.model_class()
    recover_url = url(model_class, "recover", version.pk)

    assert as_role["translator"].get(url(model_class, "recoverlist")).status_code == 403
    assert as_role["translator"].get(recover_url).status_code == 403
    assert as_role["translator"].post(recover_url, {}).status_code == 403
    assert not model_class.objects.filter(pk=version.object_id).exists()

    assert as_role["editor"].get(url(model_class, "recoverlist")).status_code == 200
    assert as_role["editor"].get(recover_url).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_only_editors_delete(as_role, model):
    obj = FACTORIES[model]()
    delete_url = url(obj, "delete", obj.pk)

    assert as_role["translator"].get(delete_url).status_code == 403
    assert as_role["translator"].post(delete_url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()

    assert as_role["editor"].post(delete_url, {"post": "yes"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


# The change form


FORGED = {
    "article": [
        {"status": "draft"},
        {"published_at_0": "2020-01-01", "published_at_1": "10:00"},
        {"slug_en": "a-new-address"},
        {
            "articleorganisation_set-TOTAL_FORMS": "1",
            "articleorganisation_set-INITIAL_FORMS": "0",
            "articleorganisation_set-0-organisation": "",
            "articleorganisation_set-0-article": "",
        },
    ],
    "organisation": [{"kind": "programme"}, {"country": "KR"}, {"slug_en": "renamed"}],
    "official": [{"full_name_ru": "Подделка"}, {"slug_en": "renamed"}],
    "quote": [{"text_ru": "Подделка"}, {"official": ""}],
}


@pytest.mark.parametrize(
    ("model", "forged"),
    [(model, forged) for model in MODELS for forged in FORGED[model]],
)
def test_a_translators_forged_change_form_post_changes_nothing(translator_client, model, forged):
    obj = make(model)
    if model == "article" and "articleorganisation_set-0-organisation" in forged:
        other = OrganisationFactory()
        forged = {**forged, "articleorganisation_set-0-organisation": str(other.pk)}
        forged["articleorganisation_set-0-article"] = str(obj.pk)
    if model == "quote" and "official" in forged:
        forged = {"official": str(OfficialFactory().pk)}
    before = snapshot(obj)
    values = form_values(page(translator_client, url(obj, "change", obj.pk)), f"{model}_form")
    values.update(forged)

    translator_client.post(url(obj, "change", obj.pk), values)

    assert snapshot(obj) == before


def test_a_translator_cannot_change_an_english_slug_but_gets_one_made(translator_client):
    organisation = OrganisationFactory(untranslated=True)
    html = page(translator_client, url(organisation, "change", organisation.pk))
    values = form_values(html, "organisation_form")
    assert "slug_en" not in values  # shown, read only

    values["name_en"] = "Innobiz Association"
    translator_client.post(url(organisation, "change", organisation.pk), values)

    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.slug_en) == (
        "Innobiz Association",
        "innobiz-association",
    )


# The exchange file


def upload(client, units: list[tuple[str, str, str]]):
    body = "".join(
        f"<unit id='{unit}'><segment><source>{source}</source><target>{target}</target>"
        f"</segment></unit>"
        for unit, source, target in units
    )
    data = (
        "<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0' srcLang='ru' "
        f"trgLang='en'><file id='f'>{body}</file></xliff>"
    ).encode()
    return client.post(
        "/admin/translations/import/",
        {"file": SimpleUploadedFile("work.xlf", data, content_type="application/xliff+xml")},
        follow=True,
    )


@pytest.mark.parametrize("field", ["status", "slug", "headline_ru", "source_url", "published_at"])
def test_an_import_can_change_english_text_only(translator_client, field):
    article = make("article")
    before = snapshot(article)
    source = str(before["row"].get(field, before["row"].get(f"{field}_ru", "")) or "")

    upload(translator_client, [(f"news.article.{article.pk}.{field}", source, "draft")])

    assert snapshot(article) == before


def test_a_role_without_translation_rights_imports_nothing(client, django_user_model):
    staff = django_user_model.objects.create_user("visitor", password="x" * 16, is_staff=True)
    verified_login(client, staff)
    organisation = Organisation.objects.create(
        name_ru="Организация", slug_ru="org", kind="association", country="RU"
    )

    response = upload(
        client, [(f"partners.organisation.{organisation.pk}.name", "Организация", "X")]
    )

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_en in ("", None)


def test_a_version_of_another_kind_of_record_is_no_version_of_this_one(editor_client):
    article = make("article")
    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(id=article.pk)
    organisation = Organisation.objects.get(pk=article.pk)
    with reversion.create_revision():
        organisation.save()
    foreign = Version.objects.get_for_object(organisation).get()
    before = snapshot(article)

    url_ = reverse("admin:news_article_revision", args=[article.pk, foreign.pk])

    assert editor_client.get(url_).status_code == 404
    assert editor_client.post(url_, {}).status_code == 404
    assert snapshot(article) == before


def test_an_import_naming_a_model_without_translations_is_a_clear_problem(translator_client):
    response = upload(translator_client, [("auth.user.1.username", "tom", "x")])

    assert response.status_code == 200
    assert any("not a translated field" in str(m) for m in response.context["messages"])
