"""Stable addresses: a renamed article, organisation or official answers at every address
it had, in each language, with one permanent redirect to the address it has now."""

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion.models import Version

from core.models import OldSlug
from news.models import Article
from partners.models import Official, Organisation
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, OfficialFactory, OrganisationFactory, ParagraphFactory
from tests.pages import page, url_in
from translations.services import unique_english_slug

pytestmark = pytest.mark.django_db

KINDS = {
    "article": ArticleFactory,
    "organisation": OrganisationFactory,
    "official": OfficialFactory,
}


@pytest.fixture(params=KINDS)
def record(request):
    return KINDS[request.param]()


def rename(record, **slugs) -> str:
    """Save ``record`` with new slugs (as the admin does) and say its old address in the
    language of the first one."""
    language = next(iter(slugs)).removeprefix("slug_")
    before = url_in(record, language)
    for field, slug in slugs.items():
        setattr(record, field, slug)
    record.save()
    return before


def redirect_of(client, url: str, **headers) -> str:
    """Where ``url`` sends its reader: one permanent redirect, not a chain of them."""
    response = client.get(url, **headers)
    assert response.status_code == 301, f"{url}: {response.status_code}"
    return response["Location"]


def form_of(record) -> str:
    return f"{record._meta.model_name}_form"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_renamed_record_answers_at_its_old_address_in_that_language(client, record, language):
    old_url = rename(record, **{f"slug_{language}": "novyj-adres"})
    other = "en" if language == "ru" else "ru"
    unchanged = url_in(record, other)

    assert redirect_of(client, old_url) == url_in(record, language)
    assert url_in(record, language).endswith("/novyj-adres/")
    page(client, url_in(record, language))
    page(client, unchanged)  # the other language's address did not move
    assert OldSlug.objects.get().language == language


@pytest.mark.parametrize("language", ["ru", "en"])
def test_after_two_renames_both_old_addresses_lead_to_the_newest_in_one_hop(
    client, record, language
):
    field = f"slug_{language}"
    first = rename(record, **{field: "vtoroj"})
    second = rename(record, **{field: "tretij"})

    newest = url_in(record, language)
    assert newest.endswith("/tretij/")
    assert redirect_of(client, first) == newest
    assert redirect_of(client, second) == newest
    page(client, newest)


def test_a_record_renamed_back_gets_its_old_address_back(client, record):
    first = rename(record, slug_ru="vremennyj")
    second = rename(record, slug_ru=first.rstrip("/").rsplit("/", 1)[-1])

    assert url_in(record, "ru") == first
    page(client, first)  # live again, not a redirect to itself
    assert redirect_of(client, second) == first
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["vremennyj"]


def test_an_untranslated_records_english_address_moves_with_its_russian_slug(client):
    article = ArticleFactory(slug_ru="bylo", untranslated=True)
    rename(article, slug_ru="stalo")

    assert redirect_of(client, "/en/news/bylo/") == "/en/news/stalo/"
    assert redirect_of(client, "/ru/novosti/bylo/") == "/ru/novosti/stalo/"

    # Translated, it gets an English slug: its English address so far leads to it.
    rename(article, slug_en="it-became")
    assert redirect_of(client, "/en/news/stalo/") == "/en/news/it-became/"
    assert redirect_of(client, "/en/news/bylo/") == "/en/news/it-became/"
    page(client, "/ru/novosti/stalo/")


def test_an_update_of_the_queryset_keeps_the_old_address_too(client, record):
    old_url = url_in(record, "en")

    type(record).objects.filter(pk=record.pk).update(slug_en="renamed-in-bulk")

    record.refresh_from_db()
    assert redirect_of(client, old_url) == url_in(record, "en")
    assert url_in(record, "en").endswith("/renamed-in-bulk/")


def test_a_restored_version_gives_back_its_address_and_keeps_the_later_one(client):
    article = ArticleFactory(slug_ru="pervaya-versiya")
    with reversion.create_revision():
        article.save()
    rename(article, slug_ru="vtoraya-versiya")

    Version.objects.get_for_object(article).first().revision.revert()

    page(client, "/ru/novosti/pervaya-versiya/")
    assert redirect_of(client, "/ru/novosti/vtoraya-versiya/") == "/ru/novosti/pervaya-versiya/"


def test_the_redirect_follows_a_later_rename_at_once(client):
    organisation = OrganisationFactory(slug_en="first")
    rename(organisation, slug_en="second")
    response = client.get("/en/partners/organisations/first/")
    assert response["Location"] == "/en/partners/organisations/second/"
    # Kept by browsers and CDNs no longer than a page: it may move again.
    assert "max-age=60" in response["Cache-Control"]

    rename(organisation, slug_en="third")

    assert redirect_of(client, "/en/partners/organisations/first/") == (
        "/en/partners/organisations/third/"
    )


def test_an_old_address_of_a_draft_or_of_a_deleted_record_is_not_found(client):
    draft = ArticleFactory(slug_ru="chernovik", draft=True)
    rename(draft, slug_ru="chernovik-2")
    official = OfficialFactory(slug_ru="byvshij")
    rename(official, slug_ru="nyneshnij")

    official.delete()

    page(client, "/ru/novosti/chernovik/", status=404)
    page(client, "/ru/partnery/lyudi/byvshij/", status=404)
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["chernovik"]


def test_the_query_string_goes_along(editor_client, client):
    article = ArticleFactory(slug_ru="s-parametrami")
    rename(article, slug_ru="s-parametrami-2")

    # A list's page number survives (staff get the query string as they sent it).
    assert redirect_of(editor_client, "/ru/novosti/s-parametrami/?page=2") == (
        "/ru/novosti/s-parametrami-2/?page=2"
    )
    # The public's parameters that the page does not know are cut first, by the cache.
    response = client.get("/ru/novosti/s-parametrami/?utm_source=mail", follow=True)
    assert response.redirect_chain[-1] == ("/ru/novosti/s-parametrami-2/", 301)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/ru/novosti/" + "a" * 300 + "/",
        "/ru/novosti/--/",
        "/en/news/_/",
        "/ru/novosti/%D0%B1%D1%8B%D0%BB%D0%BE/",
        "/en/partners/people/0/",
    ],
)
def test_odd_slugs_are_not_found_not_an_error(client, path):
    rename(ArticleFactory(slug_ru="chto-to"), slug_ru="chto-to-eshche")

    page(client, path, status=404)


def test_a_redirect_costs_a_few_queries(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(slug_ru="do")
    rename(organisation, slug_ru="posle")

    with django_assert_max_num_queries(6):
        assert redirect_of(client, "/ru/partnery/organizacii/do/") == (
            "/ru/partnery/organizacii/posle/"
        )


# Editors in the admin


def test_an_editor_renames_in_the_admin_and_sees_the_old_address(editor_client, client, record):
    values = open_form(editor_client, change_url(record), form_of(record))
    old_slug = values["slug_ru"]
    values["slug_ru"] = "pereimenovano"

    response = editor_client.post(change_url(record), values)

    assert response.status_code == 302, errors(response)
    record.refresh_from_db()
    assert redirect_of(client, f"{url_in(record, 'ru').rsplit('/', 2)[0]}/{old_slug}/") == (
        url_in(record, "ru")
    )
    html = page(editor_client, change_url(record))
    assert "Старые адреса" in html
    assert f"Русский: {old_slug}" in html


def test_an_editor_may_not_take_another_records_old_address_unawares(editor_client, client):
    renamed = OrganisationFactory(name_ru="Технопарк «Слава»", slug_ru="slava")
    rename(renamed, slug_ru="slava-2")
    other = OrganisationFactory()
    values = open_form(editor_client, change_url(other), "organisation_form")
    values["slug_ru"] = "slava"

    response = editor_client.post(change_url(other), values)

    assert response.status_code == 200
    [error] = errors(response)
    assert error.startswith(
        "Этот адрес ведёт на «Технопарк «Слава»» (Русский); сначала удалите это перенаправление"
    )
    assert 'href="/admin/core/oldslug/?content_type__id__exact=' in error
    assert redirect_of(client, "/ru/partnery/organizacii/slava/") == (
        "/ru/partnery/organizacii/slava-2/"
    )


def test_the_refusal_reads_in_the_editors_language(editor_client):
    rename(ArticleFactory(headline_en="Glory", slug_en="glory"), slug_en="glory-2")
    other = ArticleFactory()
    values = open_form(editor_client, f"{change_url(other)}", "article_form")
    values["slug_en"] = "glory"

    response = editor_client.post(change_url(other), values, HTTP_ACCEPT_LANGUAGE="en")

    assert any(
        error.startswith("This address redirects to “Glory” (English); remove that redirect")
        for error in errors(response)
    ), errors(response)


def test_a_record_may_take_back_its_own_old_address_in_the_admin(editor_client, client):
    official = OfficialFactory(slug_en="own")
    rename(official, slug_en="own-2")
    values = open_form(editor_client, change_url(official), "official_form")
    values["slug_en"] = "own"

    response = editor_client.post(change_url(official), values)

    assert response.status_code == 302, errors(response)
    page(client, "/en/partners/people/own/")
    assert not OldSlug.objects.filter(slug="own").exists()


def test_an_editor_removes_a_redirect_and_the_old_address_is_gone(editor_client, client):
    organisation = OrganisationFactory(slug_ru="staryj")
    rename(organisation, slug_ru="novyj")
    old = OldSlug.objects.get()
    kind = ContentType.objects.get_for_model(Organisation)
    listing = page(
        editor_client,
        f"/admin/core/oldslug/?content_type__id__exact={kind.pk}&object_id={organisation.pk}",
    )
    assert "staryj" in listing
    assert "/ru/partnery/organizacii/novyj/" in listing

    response = editor_client.post(
        reverse("admin:core_oldslug_delete", args=[old.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    page(client, "/ru/partnery/organizacii/staryj/", status=404)
    # Free now for another record.
    other = OrganisationFactory()
    values = open_form(editor_client, change_url(other), "organisation_form")
    values["slug_ru"] = "staryj"
    assert editor_client.post(change_url(other), values).status_code == 302
    page(client, "/ru/partnery/organizacii/staryj/")


def test_translators_see_old_addresses_but_cannot_remove_them(translator_client, client):
    official = OfficialFactory(slug_ru="perevodchik")
    rename(official, slug_ru="perevodchik-2")
    old = OldSlug.objects.get()

    page(translator_client, "/admin/core/oldslug/")
    response = translator_client.post(
        reverse("admin:core_oldslug_delete", args=[old.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert redirect_of(client, "/ru/partnery/lyudi/perevodchik/") == (
        "/ru/partnery/lyudi/perevodchik-2/"
    )


def test_a_new_english_slug_is_never_another_records_old_address():
    rename(ArticleFactory(slug_en="moscow-opens-a-technopark"), slug_en="technopark")
    untranslated = ArticleFactory(untranslated=True)

    assert unique_english_slug(untranslated, "Moscow opens a technopark") == (
        "moscow-opens-a-technopark-2"
    )


def test_every_kind_opts_in_with_one_declaration():
    from core import old_slugs

    assert all(old_slugs.kept_for(model) for model in (Article, Organisation, Official))


def test_a_link_to_an_old_address_leads_straight_to_the_page_until_the_redirect_goes(client):
    organisation = OrganisationFactory(slug_ru="ssylka", slug_en="link")
    article = ArticleFactory()
    ParagraphFactory(
        article=article,
        text_ru='<p><a href="/ru/partnery/organizacii/ssylka/">Они</a></p>',
        text_en='<p><a href="/en/partners/organisations/link/">They</a></p>',
    )
    rename(organisation, slug_ru="ssylka-2")
    rename(organisation, slug_en="link-2")

    assert '<a href="/ru/partnery/organizacii/ssylka-2/">Они</a>' in page(
        client, url_in(article, "ru")
    )
    assert '<a href="/en/partners/organisations/link-2/">' in page(client, url_in(article, "en"))

    OldSlug.objects.get(slug="ssylka").delete()

    assert '<a href="/ru/partnery/organizacii/ssylka/">Они</a>' in page(
        client, url_in(article, "ru")
    )


def test_a_bulk_update_keeps_the_old_addresses_of_every_record(client):
    officials = [OfficialFactory(slug_ru=f"massovo-{n}") for n in range(3)]
    for official in officials:
        official.slug_ru = f"{official.slug_ru}-novyj"

    Official.objects.bulk_update(officials, ["slug_ru"])

    for n in range(3):
        assert redirect_of(client, f"/ru/partnery/lyudi/massovo-{n}/") == (
            f"/ru/partnery/lyudi/massovo-{n}-novyj/"
        )
