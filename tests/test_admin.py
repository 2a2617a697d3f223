"""Every model can be read and corrected in the admin, in tabs per language."""

import pytest
from django.urls import reverse

from news.models import Article
from partners.models import Official, Organisation, Quote

pytestmark = pytest.mark.django_db

MODELS = [Article, Organisation, Official, Quote]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_search_and_filters_answer(admin_client, seeded, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Innobiz"}).status_code == 200


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
