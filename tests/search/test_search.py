"""Readers search the news, partners and quotes in their own language."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.utils import timezone

from news.models import Article
from partners.models import Official
from search.queries import ranked, search_query
from tests.factories import ArticleFactory, OfficialFactory, ParagraphFactory, PlacedQuoteFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def search(client, language: str, q, **params) -> str:
    url = "/ru/poisk/" if language == "ru" else "/en/search/"
    return page(client, url, data={"q": q, **params})


def titles(html: str) -> list[str]:
    links = lxml.html.fromstring(html).xpath("//h2[@class='search-result__title']/a")
    return [link.text_content() for link in links]


def test_the_search_page_has_a_translated_address_and_a_form_on_every_page(client, seeded):
    assert 'action="/ru/poisk/"' in page(client, "/ru/")
    assert 'action="/en/search/"' in page(client, "/en/partners/")
    assert '<html lang="en">' in search(client, "en", "Innobiz")


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("ru", "стартапам", "Москва и южнокорейская ассоциация Innobiz договорились"),
        ("ru", "инновационной", "Москва и южнокорейская ассоциация Innobiz договорились"),
        ("en", "accelerators", "Moscow and South Korea’s Innobiz association agree"),
        ("en", "certified", "Moscow and South Korea’s Innobiz association agree"),
    ],
    ids=["russian-dative-plural", "russian-adjective", "english-plural", "english-participle"],
)
def test_word_forms_match_in_the_pages_language(client, seeded, language, query, expected):
    assert any(expected in title for title in titles(search(client, language, query)))


def test_russian_words_are_not_found_on_the_english_site_nor_english_on_the_russian(client, seeded):
    assert not titles(search(client, "en", "стартапам"))
    assert not titles(search(client, "ru", "accelerators"))


def test_a_name_is_found_whichever_alphabet_the_reader_types_it_in(client, seeded):
    english = search(client, "en", "Сергунина")
    russian = search(client, "ru", "Sergunina")

    assert "Natalya Sergunina" in titles(english)
    assert "Наталья Сергунина" in titles(russian)
    assert "Lim Byung-hoon" in titles(search(client, "en", "임병훈"))


def test_results_say_what_they_are_and_highlight_the_match(client, seeded):
    html = search(client, "en", "Fursin")

    assert "Person" in html and "Quote" in html and "Article" in html
    assert "<mark>Fursin</mark>" in html


def test_a_headline_match_ranks_above_a_body_match(client):
    in_body = ArticleFactory(headline_ru="Новости дня", slug_ru="v-tekste")
    ParagraphFactory(article=in_body, text_ru="В городе открылся технопарк для молодых компаний.")
    in_headline = ArticleFactory(headline_ru="Открылся новый технопарк", slug_ru="v-zagolovke")

    found = titles(search(client, "ru", "технопарк"))

    assert found.index(in_headline.headline_ru) < found.index(in_body.headline_ru)


def test_only_what_is_available_in_the_readers_language_is_found(client):
    ArticleFactory(headline_ru="Опубликованный технопарк", headline_en="Published science park")
    ArticleFactory(
        headline_ru="Черновой технопарк",
        headline_en="Draft science park",
        status=Article.Status.DRAFT,
    )
    ArticleFactory(
        headline_ru="Будущий технопарк",
        headline_en="Future science park",
        published_at=timezone.now() + timedelta(hours=1),
    )
    ArticleFactory(
        headline_ru="Непереведённый технопарк",
        headline_en="Untranslated science park",
        english_ready=False,
    )
    untranslated_official = OfficialFactory(full_name_ru="Пётр Технопарков", full_name_en="")

    russian = titles(search(client, "ru", "технопарк"))
    english = titles(search(client, "en", "science park"))

    assert {"Опубликованный технопарк", "Непереведённый технопарк"} <= set(russian)
    assert not {"Черновой технопарк", "Будущий технопарк"} & set(russian)
    assert english == ["Published science park"]
    assert untranslated_official.full_name_ru not in titles(search(client, "en", "Технопарков"))


def test_quotes_of_unavailable_articles_are_not_found(client):
    PlacedQuoteFactory(
        quote__text_ru="«Секретная цитата о технопарке»", article__status=Article.Status.DRAFT
    )

    assert not titles(search(client, "ru", "секретная цитата"))


def test_the_index_follows_every_edit(client):
    placed = PlacedQuoteFactory(
        quote__text_en="“We open the park,” he said.", quote__official__full_name_en="Old Name"
    )
    official = placed.quote.official
    assert placed.article.headline_en in titles(search(client, "en", "Old Name"))

    official.full_name_en = "Ivan Novikov"
    official.save()
    paragraph = ParagraphFactory(article=placed.article, text_en="A greenhouse for start-ups.")

    assert placed.article.headline_en in titles(search(client, "en", "Novikov"))
    assert placed.article.headline_en not in titles(search(client, "en", '"Old Name"'))
    assert placed.article.headline_en in titles(search(client, "en", "greenhouses"))
    paragraph.delete()
    assert placed.article.headline_en not in titles(search(client, "en", "greenhouses"))


def test_an_empty_query_gets_a_friendly_prompt(client):
    html = search(client, "en", "")

    assert "Type a word or a name" in html
    assert "search-result" not in html


@pytest.mark.parametrize(
    "query",
    [
        "!!! ??? ...",
        '"',
        "-",
        "OR",
        '"unclosed quote',
        "a & b | !c <-> (d",
        "'; DROP TABLE news_article; --",
        "<script>alert(1)</script>",
        "\x00\x01 Innobiz \x00",
        "Innobiz\ufffd\ufffd",
        "" * 3,
    ],
)
def test_any_query_gives_a_page(client, seeded, query):
    html = search(client, "en", query)

    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == 1  # nothing was dropped


def test_html_in_a_query_is_shown_as_text(client):
    html = search(client, "en", "<b>bold</b>")

    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_invalid_utf8_escapes_give_a_page(client, seeded):
    response = client.get("/en/search/?q=%ff%fe%00Innobiz")

    assert response.status_code == 200


def test_a_very_long_query_is_cut_and_the_reader_told(client, seeded):
    html = search(client, "en", "Innobiz " * 2000)

    assert "only its first 200 characters were used" in html
    assert titles(html)


def test_results_paginate_like_the_news_list(client):
    for number in range(25):
        ArticleFactory(headline_ru=f"Технопарк номер {number}")

    first, third = search(client, "ru", "технопарк"), search(client, "ru", "технопарк", page=3)

    assert len(titles(first)) == 10 and len(titles(third)) == 5
    assert "25 результатов" in first
    page(client, "/ru/poisk/", status=404, data={"q": "технопарк", "page": 9})
    page(client, "/ru/poisk/", status=404, data={"q": "технопарк", "page": "x"})


@pytest.mark.parametrize("count", [1, 30])
def test_the_results_page_needs_few_queries(client, django_assert_max_num_queries, count):
    for number in range(count):
        PlacedQuoteFactory(
            article__headline_ru=f"Технопарк {number}",
            quote__text_ru="«Технопарк растёт»",
            quote__official=OfficialFactory(full_name_ru=f"Технопарков {number}"),
        )

    with django_assert_max_num_queries(6):
        search(client, "ru", "технопарк")


def explain(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table would be scanned anyway
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_search_uses_the_gin_indexes():
    ArticleFactory.create_batch(3)
    OfficialFactory.create_batch(3)

    plan = explain(ranked("технопарк", "ru"))
    article_plan = explain(Article.objects.filter(search_ru=search_query("технопарк", "ru")))

    assert "Bitmap Index Scan on official_search_ru" in plan
    assert "Bitmap Index Scan on organisation_search_ru" in plan
    assert "article_search_ru" in article_plan


def test_the_index_is_rebuilt_by_a_restore_of_an_older_version():
    official = OfficialFactory(full_name_en="Before Restore")
    Official.objects.filter(pk=official.pk).update(search_en=None)

    official.save()

    assert Official.objects.filter(pk=official.pk, search_en__isnull=False).exists()
