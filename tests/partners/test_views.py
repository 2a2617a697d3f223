"""Organisation and official pages, in Russian and English."""

import re

import lxml.html
import pytest

from partners.models import Official, Organisation
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    OrganisationFactory,
    PlacedQuoteFactory,
)
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def innobiz(seeded):
    return Organisation.objects.get(slug_en="innobiz")


@pytest.fixture
def sergunina(seeded):
    return Official.objects.get(slug_en="natalya-sergunina")


def test_the_organisation_page_in_russian(client, innobiz):
    html = page(client, "/ru/partnery/organizacii/innobiz/")

    assert '<html lang="ru">' in html
    assert "Корейская ассоциация инновационного бизнеса Innobiz" in html
    assert '<p class="profile__native" lang="ko">이노비즈협회</p>' in html
    assert "технологически инновационных малых и средних предприятий" in html
    assert 'href="https://www.innobiz.net/"' in html
    assert 'href="/ru/partnery/lyudi/im-byun-hun/"' in html
    assert "Москва и южнокорейская ассоциация Innobiz договорились" in html


def test_the_organisation_page_in_english(client, innobiz):
    html = page(client, "/en/partners/organisations/innobiz/")

    assert '<html lang="en">' in html
    assert "Korea Innovative Business Association (INNOBIZ)" in html
    assert "South Korea" in html  # the country, named in English
    assert 'href="/en/partners/people/lim-byung-hoon/"' in html
    assert 'href="/en/news/moscow-and-innobiz-agree-on-joint-projects/"' in html


def test_the_organisation_page_shows_what_it_belongs_to_and_runs(client, seeded):
    department = page(
        client,
        "/en/partners/organisations/department-of-entrepreneurship-and-innovative-development/",
    )

    assert 'href="/en/partners/organisations/moscow-government/"' in department
    assert 'href="/en/partners/organisations/moscow-accelerator/"' in department


def test_the_official_page_lists_their_quotes_with_links_to_the_articles(client, sergunina):
    ru = page(client, "/ru/partnery/lyudi/natalya-sergunina/")
    en = page(client, "/en/partners/people/natalya-sergunina/")

    assert "Наталья Сергунина" in ru and "заместитель мэра Москвы" in ru
    assert 'href="/ru/partnery/organizacii/pravitelstvo-moskvy/"' in ru
    assert "Как и наши коллеги в Республике Корее" in ru
    assert 'href="/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"' in ru
    assert "Natalya Sergunina" in en and "Deputy Mayor of Moscow" in en
    assert "Like our colleagues in the Republic of Korea" in en
    assert 'href="/en/news/moscow-and-innobiz-agree-on-joint-projects/"' in en


def caption_lines(html: str) -> list[str]:
    """The lines of each quote's caption as a browser lays them out: the caption stacks
    its children (``.quote__source`` is a flex column), each run of text on its own."""
    lines = []
    for caption in lxml.html.fromstring(html).xpath("//figcaption[@class='quote__source']"):
        runs = [caption.text or ""]
        for child in caption:
            runs += [child.text_content(), child.tail or ""]
        lines.append([" ".join(run.split()) for run in runs if run.strip()])
    return lines


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/ru/partnery/lyudi/natalya-sergunina/",
            r"Из статьи Москва и южнокорейская ассоциация Innobiz договорились о совместных "
            r"проектах — Сергунина, \d+ \w+ \d{4} г\.",
        ),
        (
            "/en/partners/people/natalya-sergunina/",
            r"From Moscow and South Korea’s Innobiz association agree on joint projects, "
            r"Sergunina says, \d+ \w+ \d{4}",
        ),
    ],
)
def test_a_quotes_caption_reads_as_one_line_naming_its_article_and_date(
    client, sergunina, url, expected
):
    ((line,),) = caption_lines(page(client, url))

    assert re.fullmatch(expected, line), line


def test_an_official_page_leaves_out_quotes_from_articles_not_available(client):
    official = OfficialFactory()
    PlacedQuoteFactory(quote__official=official, quote__text_ru="«Черновик»", article__draft=True)
    PlacedQuoteFactory(
        quote__official=official,
        quote__text_ru="«Без перевода»",
        quote__text_en="Not ready",
        article__untranslated=True,
    )

    ru = page(client, url_in(official, "ru"))
    en = page(client, url_in(official, "en"))

    assert "Черновик" not in ru and "Без перевода" in ru
    assert "Not ready" not in en and "Без перевода" not in en


def test_the_switcher_leads_to_the_same_organisation(client, innobiz):
    assert 'href="/en/partners/organisations/innobiz/" hreflang="en"' in page(
        client, "/ru/partnery/organizacii/innobiz/"
    )
    assert 'href="/ru/partnery/organizacii/innobiz/" hreflang="ru"' in page(
        client, "/en/partners/organisations/innobiz/"
    )


def test_an_organisation_not_named_in_english_falls_back_to_russian_marked_as_such(client):
    organisation = OrganisationFactory(name_ru="Городское агентство", untranslated=True)

    html = page(client, url_in(organisation, "en"))

    assert '<h1 class="profile__name" lang="ru">Городское агентство</h1>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "has not been translated into English yet" in html


def test_the_partners_index_lists_organisations_and_their_people(client, seeded):
    html = page(client, "/en/partners/")

    assert 'href="/en/partners/organisations/innobiz/"' in html
    assert 'href="/en/partners/people/alexei-fursin/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/ru/partnery/organizacii/net-takoj/",
        "/en/partners/people/nobody/",
        "/en/partners/organizacii/innobiz/",
    ],
)
def test_unknown_partner_pages_are_404(client, seeded, url):
    page(client, url, status=404)


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_partner_pages_need_few_queries_however_many_people_and_articles(
    client, django_assert_max_num_queries, count, language
):
    organisation = OrganisationFactory()
    official = OfficialFactory(organisation=organisation)
    OfficialFactory.create_batch(count, organisation=organisation)
    OrganisationFactory.create_batch(count, parent=organisation)
    for article in ArticleFactory.create_batch(count):
        article.organisations.add(organisation)
        PlacedQuoteFactory(article=article, quote__official=official)

    for url in (url_in(organisation, language), url_in(official, language), f"/{language}/"):
        with django_assert_max_num_queries(6):
            page(client, url)
    with django_assert_max_num_queries(6):
        page(client, "/ru/partnery/" if language == "ru" else "/en/partners/")
