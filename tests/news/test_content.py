"""The first news item, Moscow and Innobiz, as the portal ships it."""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers import serialize
from django.utils import translation
from modeltranslation.translator import translator

from core.rich_text import from_plain_text, plain_text
from news.models import Article, Author
from news.taxonomy import Section, Tag
from partners.models import Official, Organisation, Quote
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "data" / "moscow-innobiz.ru.txt"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def seed_lines() -> list[str]:
    # The portal sets the source's hyphen-dashes as typographic dashes; words stay as written.
    return [line.replace(" - ", " — ") for line in SEED.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def article(seeded):
    return Article.objects.with_partners().get(
        slug_ru="moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah"
    )


def body_texts(article: Article, language: str) -> list[str]:
    return [
        getattr(item.quote, f"text_{language}")
        if item.is_quote
        # A paragraph is rich text; the reader reads its words.
        else plain_text(getattr(item, f"text_{language}"))
        for item in article.body.all()
    ]


def test_the_russian_article_reproduces_the_seed_sentence_by_sentence(article):
    headline, lead, *body = seed_lines()

    assert article.headline_ru == headline
    assert article.lead_ru == lead
    assert body_texts(article, "ru") == body
    assert [item.is_quote for item in article.body.all()] == [True, False, True, False, True]


def test_the_seed_paragraphs_are_one_escaped_html_paragraph_each(article):
    paragraphs = [item for item in article.body.all() if not item.is_quote]
    _headline, _lead, *body = seed_lines()

    assert [item.text_ru for item in paragraphs] == [
        from_plain_text(body[1]),
        from_plain_text(body[3]),
    ]
    assert all(
        item.text_en.startswith("<p>") and item.text_en.count("<") == 2 for item in paragraphs
    )


def test_the_article_is_published_in_both_languages(article):
    assert article.is_available_in("ru")
    assert article.is_available_in("en")
    assert article.source_url == "https://www.mos.ru/"
    assert article.source_name_ru == "Официальный сайт мэра Москвы"
    assert article.source_name_en == "Official website of the Mayor of Moscow"


@pytest.mark.parametrize(
    ("position", "official_ru", "official_en", "organisation_ru", "organisation_en"),
    [
        (1, "Наталья Сергунина", "Natalya Sergunina", "Правительство Москвы", "Moscow Government"),
        (
            3,
            "Алексей Фурсин",
            "Alexei Fursin",
            "Департамент предпринимательства и инновационного развития города Москвы",
            "Moscow Department of Entrepreneurship and Innovative Development",
        ),
        (
            5,
            "Им Бьюн-Хун",
            "Lim Byung-hoon",
            "Корейская ассоциация инновационного бизнеса Innobiz",
            "Korea Innovative Business Association (INNOBIZ)",
        ),
    ],
)
def test_each_quote_is_attributed_in_both_languages(
    article, position, official_ru, official_en, organisation_ru, organisation_en
):
    quote = article.body.get(position=position).quote

    with translation.override("ru"):
        assert (quote.official.full_name, quote.official.organisation.name) == (
            official_ru,
            organisation_ru,
        )
        assert official_ru in quote.text
    with translation.override("en"):
        assert (quote.official.full_name, quote.official.organisation.name) == (
            official_en,
            organisation_en,
        )
        assert official_en in quote.text
    assert quote.article == article


def test_the_partners_of_the_text_are_all_there(article):
    assert set(article.organisations.values_list("slug_en", flat=True)) == {
        "moscow-government",
        "department-of-entrepreneurship-and-innovative-development",
        "innobiz",
        "moscow-accelerator",
        "pilot-testing-of-innovations",
    }
    chairman = Official.objects.get(slug_en="lim-byung-hoon")
    assert chairman.native_name == "임병훈"
    assert chairman.position_en == "Chairman of the Innobiz Association"
    assert Organisation.objects.get(slug_en="innobiz").country.code == "KR"


def test_the_article_is_signed_by_the_newsroom_not_by_its_source(client, article):
    """mos.ru is where the news came from; the portal's own desk wrote the item, and no
    person is named as its author."""
    (desk,) = article.byline()
    desk = Author.objects.get(pk=desk.pk)

    assert desk.kind == Author.Kind.DESK
    assert desk.name_ru == "Редакция «Новостей инноваций Москвы»"
    assert desk.name_en == "The Moscow Innovation News newsroom"
    assert "mos.ru" not in desk.name_ru + desk.name_en
    assert article.source_name_ru == "Официальный сайт мэра Москвы"
    for language, url in (("ru", "/ru/avtory/redakciya/"), ("en", "/en/authors/newsroom/")):
        with translation.override(language):
            assert desk.get_absolute_url() == url
        html = page(client, url_in(article, language))
        assert url in html
        assert getattr(article, f"headline_{language}") in page(client, url)


def test_every_english_field_is_filled_and_has_no_cyrillic(seeded):
    checked = 0
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            for obj in model.objects.all():
                russian, english = getattr(obj, f"{field}_ru"), getattr(obj, f"{field}_en")
                if not russian:
                    continue  # e.g. a body item that holds a quote has no text of its own
                assert english, f"{model.__name__} {obj.pk}: {field}_en is empty"
                assert not CYRILLIC.search(english), f"{model.__name__}.{field}_en: {english}"
                checked += 1
    assert checked >= 37  # every translated field of the shipped records


def snapshot() -> str:
    models = [
        apps.get_model(label)
        for label in (
            "news.Article",
            "news.BodyItem",
            "news.ArticleOrganisation",
            "news.Section",
            "news.Tag",
            "news.Author",
            "news.ArticleAuthor",
        )
    ]
    models += [Organisation, Official, Quote]
    return "".join(serialize("json", model.objects.order_by("pk")) for model in models)


def test_loading_twice_changes_nothing(seeded):
    before = snapshot()
    output = io.StringIO()

    call_command("load_content", stdout=output)

    assert snapshot() == before
    assert "0 created" in output.getvalue()


def test_loading_leaves_an_editors_correction_alone(article):
    article.published_at = article.published_at.replace(year=2025)
    article.headline_en = "Corrected headline"
    article.save()

    call_command("load_content", stdout=io.StringIO())

    article.refresh_from_db()
    assert (article.published_at.year, article.headline_en) == (2025, "Corrected headline")
    assert Article.objects.count() == 1


def test_the_article_is_filed_under_innovation_with_what_it_is_about(article):
    assert (article.section.name_ru, article.section.name_en) == ("Инновации", "Innovation")
    assert sorted((tag.name_ru, tag.name_en) for tag in article.tags.all()) == [
        ("Московский акселератор", "Moscow Accelerator"),
        ("Стартапы", "Start-ups"),
        ("Южная Корея", "South Korea"),
    ]
    for taxon in (article.section, *article.tags.all()):
        assert CYRILLIC.search(taxon.slug_ru) is None
        assert taxon.slug_en and CYRILLIC.search(taxon.name_en) is None


@pytest.mark.parametrize(
    "url",
    [
        "/ru/rubriki/innovacii/",
        "/en/sections/innovation/",
        "/ru/temy/yuzhnaya-koreya/",
        "/en/topics/south-korea/",
        "/en/topics/start-ups/",
        "/ru/temy/moskovskij-akselerator/rss/",
    ],
)
def test_the_seeds_section_and_tags_have_pages_in_both_languages(client, seeded, url):
    assert client.get(url).status_code == 200


def test_loading_twice_makes_no_second_section_or_tag(seeded):
    call_command("load_content", stdout=io.StringIO())

    assert (Section.objects.count(), Tag.objects.count()) == (1, 3)
