"""An English page never shows a partner's name in Russian: an article's English cannot
be ready while a partner it names has English missing, and a partner added afterwards
stays out of the English page until it is translated."""

import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from news.models import Article
from tests.admin_forms import change_url, form_values
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
)
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def unnamed_official():
    """Written in Russian only, of an organisation named in Russian only."""
    return OfficialFactory(
        full_name_ru="Анна Смирнова",
        untranslated=True,
        organisation=OrganisationFactory(name_ru="Фонд развития", untranslated=True),
    )


def english_article(**fields):
    article = ArticleFactory(**fields)
    ParagraphFactory(article=article, position=1)
    return article


def test_english_cannot_be_ready_while_a_quoted_official_has_no_english_name(
    translator_client, unnamed_official
):
    article = english_article(english_ready=False)
    PlacedQuoteFactory(article=article, position=2, quote__official=unnamed_official)
    values = form_values(page(translator_client, change_url(article)), "article_form")
    values["english_ready"] = "on"

    response = translator_client.post(change_url(article), values)

    assert response.status_code == 200
    error = " ".join(response.context["adminform"].form.errors["english_ready"])
    assert "Анна Смирнова" in error and "Фонд развития" in error
    assert not Article.objects.get(pk=article.pk).english_ready


def test_the_dashboard_counts_the_partners_as_part_of_the_articles_work(
    translator_client, unnamed_official
):
    article = english_article()  # its own English is complete
    PlacedQuoteFactory(article=article, position=2, quote__official=unnamed_official)

    assert change_url(article) in page(translator_client, "/admin/translations/")
    export = translator_client.post(
        "/admin/news/article/",
        {"action": "export_for_translation", "_selected_action": [article.pk]},
    )
    assert "Анна Смирнова" in export.content.decode()
    assert "Фонд развития" in export.content.decode()


def test_a_partner_added_after_the_english_was_ready_stays_off_the_english_page(
    client, unnamed_official
):
    article = english_article(headline_en="Moscow signs an agreement")
    article.organisations.add(unnamed_official.organisation)
    PlacedQuoteFactory(article=article, position=2, quote__official=unnamed_official)
    named = PlacedQuoteFactory(article=article, position=3)

    english = page(client, url_in(article, "en"))
    russian = page(client, url_in(article, "ru"))

    article_text = english.split("<article", 1)[1].split("</article>")[0]
    assert not CYRILLIC.search(article_text), CYRILLIC.findall(article_text)
    assert named.quote.official.full_name_en in english
    assert "Анна Смирнова" in russian and "Фонд развития" in russian
    with translation.override("en"):
        feed = feedparser.parse(client.get(reverse("news:rss")).content)
    assert feed.entries and not CYRILLIC.search(str(feed.entries))


def test_english_search_finds_no_quote_whose_official_has_no_english_name(client, unnamed_official):
    article = english_article()
    PlacedQuoteFactory(
        article=article,
        position=2,
        quote__official=unnamed_official,
        quote__text_ru="«Технопарк открыт для всех»",
        quote__text_en="“The technopark is open to everyone”",
    )

    english = page(client, "/en/search/?q=technopark")
    russian = page(client, "/ru/poisk/?q=технопарк")

    assert "open to everyone" not in english and "Анна Смирнова" not in english
    assert "Анна Смирнова" in russian

    unnamed_official.full_name_en, unnamed_official.position_en = "Anna Smirnova", "Head"
    unnamed_official.save()
    unnamed_official.organisation.name_en = "Development Fund"
    unnamed_official.organisation.save()
    assert "Anna Smirnova" in page(client, "/en/search/?q=technopark")


def test_english_cannot_be_ready_in_the_save_that_adds_an_untranslated_organisation(
    editor_client, unnamed_official
):
    article = english_article(english_ready=False)
    values = form_values(page(editor_client, change_url(article)), "article_form")
    values.update(
        {
            "english_ready": "on",
            "articleorganisation_set-TOTAL_FORMS": "1",
            "articleorganisation_set-0-organisation": str(unnamed_official.organisation.pk),
            "articleorganisation_set-0-article": str(article.pk),
        }
    )

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 200
    assert "Фонд развития" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).english_ready


def test_naming_an_organisation_in_english_makes_its_officials_quotes_searchable(
    client, unnamed_official
):
    unnamed_official.full_name_en, unnamed_official.position_en = "Anna Smirnova", "Head"
    unnamed_official.save()
    article = english_article()
    PlacedQuoteFactory(
        article=article,
        position=2,
        quote__official=unnamed_official,
        quote__text_ru="«На воздушной подушке»",
        quote__text_en="“On a hovercraft”",
    )
    assert url_in(article, "en") not in page(client, "/en/search/?q=hovercraft")

    unnamed_official.organisation.name_en = "Development Fund"
    unnamed_official.organisation.save()

    assert url_in(article, "en") in page(client, "/en/search/?q=hovercraft")
