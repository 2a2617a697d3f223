"""A partner is shown in a language once its name is written in it: one rule
(``PartnerQuerySet.available_in``) for the list, the sitemap, the search and the pages."""

import pytest

from partners.models import Official, Organisation
from tests.factories import OfficialFactory, OrganisationFactory
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def unnamed():
    """An organisation, and a person in a named one, not yet named in English."""
    organisation = OrganisationFactory(name_en="", short_name_en="", name_ru="Агентство Заря")
    person = OfficialFactory(full_name_en="", full_name_ru="Пётр Зорин")
    return organisation, person


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_queryset_holds_who_is_named_in_the_language(unnamed, language):
    organisation, person = unnamed

    assert (organisation in Organisation.objects.available_in(language)) == (language == "ru")
    assert (person in Official.objects.available_in(language)) == (language == "ru")
    assert organisation.is_available_in(language) == (language == "ru")
    assert person.is_available_in(language) == (language == "ru")


def test_the_english_list_shows_only_who_is_named_in_english(client, unnamed):
    organisation, person = unnamed

    english = page(client, "/en/partners/")
    russian = page(client, "/ru/partnery/")

    assert url_in(organisation, "en") not in english
    assert url_in(person, "en") not in english
    assert url_in(person.organisation, "en") in english
    assert url_in(organisation, "ru") in russian
    assert url_in(person, "ru") in russian


def test_the_sitemap_lists_a_partner_only_in_the_languages_it_is_named_in(client, unnamed):
    organisation, person = unnamed

    sitemap = page(client, "/sitemap.xml")

    for partner in (organisation, person):
        assert url_in(partner, "ru") in sitemap
        assert url_in(partner, "en") not in sitemap


def test_the_search_finds_a_partner_only_in_the_languages_it_is_named_in(client, unnamed):
    russian = page(client, "/ru/poisk/?q=Заря")
    english = page(client, "/en/search/?q=Заря")

    assert url_in(unnamed[0], "ru") in russian
    assert url_in(unnamed[0], "en") not in english


def test_an_english_page_of_a_partner_not_named_in_english_shows_the_russian(client, unnamed):
    organisation, person = unnamed

    for partner, name in ((organisation, "Агентство Заря"), (person, "Пётр Зорин")):
        html = page(client, url_in(partner, "en"))
        assert name in html
        assert '<meta name="robots" content="noindex">' in html
