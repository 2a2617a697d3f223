"""Every model can be read and corrected in the admin, in tabs per language."""

import pytest
from django.urls import reverse

from news.models import Article
from partners.models import Official, Organisation, Quote
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

MODELS = [Article, Organisation, Official, Quote]


@pytest.mark.parametrize(
    ("model", "match"),
    [
        (Article, "Москва и южнокорейская ассоциация Innobiz договорились"),
        (Organisation, "Корейская ассоциация инновационного бизнеса Innobiz"),
        (Official, "Им Бьюн-Хун"),
        (Quote, "Им Бьюн-Хун: «Для нас важно"),
    ],
    ids=["Article", "Organisation", "Official", "Quote"],
)
def test_the_list_shows_every_record_and_a_search_narrows_it(admin_client, seeded, model, match):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    url = reverse(f"{prefix}_changelist")

    everything = admin_client.get(url)
    searched = admin_client.get(url, {"q": "Innobiz"})

    listed = everything.context["cl"].result_list
    assert {obj.pk for obj in listed} == set(model.objects.values_list("pk", flat=True))
    for obj in listed:
        assert reverse(f"{prefix}_change", args=[obj.pk]) in everything.content.decode()
    (found,) = searched.context["cl"].result_list
    assert str(found).startswith(match)
    assert reverse(f"{prefix}_change", args=[found.pk]) in searched.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_change_page_shows_both_languages(admin_client, seeded, model):
    obj = model.objects.first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])

    page = admin_client.get(url).content.decode()

    assert "[ru]" in page and "[en]" in page
    assert "vendor/jquery-ui/jquery-ui.min.js" in page  # our copy, not a CDN


def test_article_search_finds_the_seed_article_by_its_english_headline(admin_client, seeded):
    url = reverse("admin:news_article_changelist")

    response = admin_client.get(url, {"q": "joint projects"})

    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Article, "статью"),
        (Organisation, "организацию"),
        (Official, "представителя"),
        (Quote, "цитату"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_russian_admin_titles_decline_the_models_name(editor_client, seeded, model, name):
    obj = model.objects.first()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    def title(url: str) -> str:
        html = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        return html.split("<title>")[1].split("</title>")[0]

    assert f"Изменить {name}" in title(reverse(f"{prefix}_change", args=[obj.pk]))
    assert f"Добавить {name}" in title(reverse(f"{prefix}_add"))
    changelist = editor_client.get(reverse(f"{prefix}_changelist"), HTTP_ACCEPT_LANGUAGE="ru")
    assert f"Выберите {name} для изменения" in changelist.content.decode()
    assert f"Добавить {name}" in changelist.content.decode()


def test_russian_save_messages_do_not_depend_on_the_models_gender(editor_client, seeded):
    article = Article.objects.get()
    url = reverse("admin:news_article_change", args=[article.pk])
    values = form_values(editor_client.get(url).content.decode(), "article_form")
    response = editor_client.post(url, values, follow=True, HTTP_ACCEPT_LANGUAGE="ru")

    messages = [str(message) for message in response.context["messages"]]
    assert messages and messages[0].startswith("Сохранено: статья «")
