"""Readers search the news, partners and quotes in their own language."""

from urllib.parse import urlencode

import lxml.html
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news.models import Article
from partners.models import Official
from search.queries import ranked, search_query
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
    QuoteFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def search(client, language: str, q, **params) -> str:
    url = "/ru/poisk/" if language == "ru" else "/en/search/"
    return page(client, url, data={"q": q, **params})


def titles(html: str) -> list[str]:
    links = lxml.html.fromstring(html).xpath("//h2[@class='search-result__title']/a")
    return [link.text_content() for link in links]


def results(html: str) -> list[dict[str, str]]:
    """Each result as the reader reads it: kind, title, source line and excerpt."""

    def text(item, name: str) -> str:
        found = item.xpath(f".//*[@class='search-result__{name}']")
        return " ".join(found[0].text_content().split()) if found else ""

    return [
        {name: text(item, name) for name in ("kind", "title", "source", "excerpt")}
        for item in lxml.html.fromstring(html).xpath("//li[contains(@class, 'search-result ')]")
    ]


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
    ArticleFactory(headline_ru="Черновой технопарк", headline_en="Draft science park", draft=True)
    ArticleFactory(
        headline_ru="Будущий технопарк", headline_en="Future science park", scheduled=True
    )
    ArticleFactory(
        headline_ru="Непереведённый технопарк",
        headline_en="Untranslated science park",
        english_ready=False,
    )
    untranslated_official = OfficialFactory(full_name_ru="Пётр Технопарков", untranslated=True)

    russian = titles(search(client, "ru", "технопарк"))
    english = titles(search(client, "en", "science park"))

    assert {"Опубликованный технопарк", "Непереведённый технопарк"} <= set(russian)
    assert not {"Черновой технопарк", "Будущий технопарк"} & set(russian)
    assert english == ["Published science park"]
    assert untranslated_official.full_name_ru not in titles(search(client, "en", "Технопарков"))


def test_quotes_of_unavailable_articles_are_not_found(client):
    PlacedQuoteFactory(quote__text_ru="«Секретная цитата о технопарке»", article__draft=True)

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


@pytest.mark.parametrize(
    "query",
    [
        "-" * 40,
        "- " * 40,
        "-!" * 40,
        "-(-)" * 20,
        "-<-&-|" * 12,
        "!" * 40 + "-" * 40,
        '"a quote" ' + "-" * 40,
        "Innobiz " + "-" * 60 + "Moscow",
        "(" * 30 + "-" * 40 + ")" * 30,
    ],
    ids=[
        "dashes",
        "spaced",
        "bangs",
        "brackets",
        "operators",
        "bangs-dashes",
        "quote",
        "words",
        "nested",
    ],
)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_run_of_dashes_and_signs_gives_a_page(client, seeded, language, query):
    html = search(client, language, query)

    assert lxml.html.fromstring(html).xpath("//p[@class='search-summary']")  # searched


def test_dashes_in_a_row_cancel_out_in_pairs_as_nots_do(client):
    ArticleFactory(headline_en="Technopark opens in Moscow")
    ArticleFactory(headline_en="Technopark opens in Kazan")

    assert titles(search(client, "en", "technopark " + "-" * 40 + "kazan")) == [
        "Technopark opens in Kazan"
    ]
    assert titles(search(client, "en", "technopark " + "- " * 41 + "kazan")) == [
        "Technopark opens in Moscow"
    ]
    assert titles(search(client, "en", "technopark--kazan")) == []  # one word, not a NOT


@pytest.mark.parametrize(
    ("url", "notice"),
    [
        ("/ru/poisk/", "Такой поиск выполнить не удалось."),
        ("/en/search/", "This search could not be run."),
    ],
)
def test_words_postgresql_refuses_are_a_400_page_saying_so(
    client, seeded, monkeypatch, url, notice
):
    # The query as it reached PostgreSQL before negations_cancelled: past its NOT stack.
    monkeypatch.setattr("search.queries.negations_cancelled", lambda text: text)

    html = page(client, url, status=400, data={"q": "Innobiz " + "-" * 40})

    assert notice in html
    assert lxml.html.fromstring(html).xpath("//input[@name='q']/@value") == ["Innobiz " + "-" * 40]
    assert Article.objects.count() == 1  # the connection is still usable


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
    # The links to the other pages keep the search.
    query = "q=%D1%82%D0%B5%D1%85%D0%BD%D0%BE%D0%BF%D0%B0%D1%80%D0%BA"
    assert f'href="?{query}&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    assert f'href="?{query}&amp;page=2" rel="prev"' in third and 'rel="next"' not in third
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


# A word, and a compound (which the query splits into its parts and their join).
@pytest.mark.parametrize(("language", "query"), [("ru", "технопарк"), ("en", "start-ups")])
def test_a_search_uses_the_gin_indexes(language, query):
    ArticleFactory.create_batch(3)
    OfficialFactory.create_batch(3)

    plan = explain(ranked(query, language))
    article_plan = explain(
        Article.objects.filter(**{f"search_{language}": search_query(query, language)})
    )

    assert f"Bitmap Index Scan on official_search_{language}" in plan
    assert f"Bitmap Index Scan on organisation_search_{language}" in plan
    assert f"article_search_{language}" in article_plan


def test_the_index_is_rebuilt_by_a_restore_of_an_older_version():
    official = OfficialFactory(full_name_en="Before Restore")
    Official.objects.filter(pk=official.pk).update(search_en=None)

    official.save()

    assert Official.objects.filter(pk=official.pk, search_en__isnull=False).exists()


SEED_EN = "Moscow and South Korea’s Innobiz association agree on joint projects, Sergunina says"
SEED_RU = "Москва и южнокорейская ассоциация Innobiz договорились о совместных проектах — Сергунина"


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "startup", SEED_EN),
        ("en", "startups", SEED_EN),
        ("en", "start-ups", SEED_EN),
        ("en", '"start ups"', SEED_EN),
        ("en", "start ups", SEED_EN),
        ("ru", "стартап", SEED_RU),
        ("ru", "старт-ап", SEED_RU),
        ("ru", "старт-апов", SEED_RU),
        ("ru", '"старт ап"', SEED_RU),
    ],
)
def test_a_compound_is_found_joined_hyphenated_or_spaced(client, seeded, language, query, expected):
    # The English article writes "start-ups", the Russian one "стартапов".
    assert expected in titles(search(client, language, query))


@pytest.mark.parametrize("written", ["бизнес-миссия", "бизнесмиссия"])
@pytest.mark.parametrize(
    "query", ["бизнес-миссии", "бизнесмиссия", '"бизнес миссия"', "бизнес-миссия Сеул"]
)
def test_a_russian_compound_is_found_however_the_text_and_the_reader_write_it(
    client, written, query
):
    article = ArticleFactory(headline_ru="Визит делегации")
    ParagraphFactory(article=article, text_ru=f"В Сеул отправилась {written} московских компаний.")

    assert titles(search(client, "ru", query)) == ["Визит делегации"]


def test_a_hyphenated_text_is_found_by_its_parts_typed_apart(client):
    article = ArticleFactory(headline_ru="Визит делегации")
    ParagraphFactory(article=article, text_ru="В Сеул отправилась бизнес-миссия компаний.")

    assert titles(search(client, "ru", "бизнес миссия")) == ["Визит делегации"]


def test_a_hyphenated_name_is_found_written_as_one_word(client, seeded):
    assert "Lim Byung-hoon" in titles(search(client, "en", "Byunghoon"))
    assert "Им Бьюн-Хун" in titles(search(client, "ru", "Бьюнхун"))


@pytest.mark.django_db(transaction=True)
def test_the_migration_rebuilds_the_vectors_stored_before_it():
    article = ArticleFactory(headline_en="Greenhouse for start-ups")
    executor = MigrationExecutor(connection)
    executor.migrate([("search", None)])
    # As the vectors were before: PostgreSQL's words only, no joined compounds.
    Article.objects.filter(pk=article.pk).update(search_en=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_article SET search_en = to_tsvector('english', headline_en) WHERE id = %s",
            [article.pk],
        )
    assert not Article.objects.filter(search_en=search_query("startup", "en")).exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Article.objects.filter(search_en=search_query("startup", "en")).get() == article


def test_a_quote_is_titled_by_who_said_it_and_says_which_article_it_is_from(client, seeded):
    english = [r for r in results(search(client, "en", "Fursin")) if r["kind"] == "Quote"]
    russian = [r for r in results(search(client, "ru", "Бьюн-Хун")) if r["kind"] == "Цитата"]

    assert [(r["title"], r["source"]) for r in english] == [
        ("Alexei Fursin", f"From the article “{SEED_EN}”")
    ]
    assert [(r["title"], r["source"]) for r in russian] == [
        ("Им Бьюн-Хун", f"Из статьи «{SEED_RU}»")
    ]


def test_an_article_is_titled_by_its_headline_alone(client, seeded):
    (article,) = [r for r in results(search(client, "en", "Fursin")) if r["kind"] == "Article"]

    assert article["title"] == SEED_EN
    assert article["source"] == ""


def words(count: int, word: str) -> str:
    return " ".join(f"{word}{number}" for number in range(count))


def test_an_excerpt_from_the_middle_of_a_text_says_so_at_both_ends(client):
    article = ArticleFactory(headline_ru="Длинная новость")
    ParagraphFactory(
        article=article,
        text_ru=f"Начало {words(60, 'слово')} технопарк {words(60, 'слово')} конец.",
    )

    (result,) = results(search(client, "ru", "технопарк"))

    assert result["excerpt"].startswith("…")
    assert result["excerpt"].endswith("…")
    assert "технопарк" in result["excerpt"]


def test_an_excerpt_from_the_start_of_a_text_has_no_dots_before_it(client):
    article = ArticleFactory(headline_ru="Длинная новость", lead_ru="«Технопарк» открылся.")
    ParagraphFactory(article=article, text_ru=f"{words(80, 'слово')} конец.")

    (result,) = results(search(client, "ru", "технопарк"))

    assert result["excerpt"].startswith("Технопарк")
    assert result["excerpt"].endswith("…")


def test_an_excerpt_reaching_the_end_of_a_text_has_no_dots_after_it(client):
    article = ArticleFactory(headline_ru="Длинная новость")
    ParagraphFactory(article=article, text_ru=f"Начало {words(80, 'слово')} открылся технопарк.")

    (result,) = results(search(client, "ru", "технопарк"))

    assert result["excerpt"].startswith("…")
    assert result["excerpt"].endswith("технопарк")


def test_a_short_quote_is_shown_whole(client):
    QuoteFactory(text_en="“We open the science park,” he said.")

    (quote,) = [r for r in results(search(client, "en", "park")) if r["kind"] == "Quote"]

    assert quote["excerpt"] == "“We open the science park,” he said."


def test_html_in_a_text_is_shown_as_text_in_the_excerpt(client):
    article = ArticleFactory(headline_en="Markup")
    ParagraphFactory(
        article=article,
        text_en=f"{words(40, 'a')} <script>alert(1)</script> technopark <b>x</b> {words(40, 'b')}",
    )

    html = search(client, "en", "technopark")

    assert "<script>alert(1)" not in html and "<b>x" not in html
    assert "<mark>technopark</mark>" in html


@pytest.mark.parametrize(("language", "url"), [("ru", "/ru/poisk/"), ("en", "/en/search/")])
@pytest.mark.parametrize("q", ["", "Innobiz"])
def test_the_search_page_has_one_search_form_with_the_query_in_it(client, seeded, language, url, q):
    tree = lxml.html.fromstring(page(client, url, data={"q": q}))

    (field,) = tree.xpath("//input[@name='q']")
    assert len(tree.xpath("//form[@role='search']")) == 1
    assert field.get("value") == q


def test_other_pages_keep_the_search_form_in_the_header(client, seeded):
    for url in ("/ru/", "/en/partners/"):
        tree = lxml.html.fromstring(page(client, url))
        assert len(tree.xpath("//header//form[@role='search']//input[@name='q']")) == 1


@pytest.mark.parametrize(
    ("language", "url", "q", "link_text"),
    [
        ("ru", "/ru/poisk/", "технопарк", "Первая страница результатов по запросу «технопарк»"),
        ("en", "/en/search/", "technopark", "See the first page of results for “technopark”"),
    ],
)
@pytest.mark.parametrize(
    "number",
    [
        "0",
        "-1",
        "999",
        "abc",
        # int() reads each of these as 2, a page that exists; no link of ours writes them.
        "٢",  # Arabic-Indic two
        "２",  # fullwidth two
        " 2",
        "+2",
        "0_2",
        "2\n",
        "²",  # a digit to str.isdigit(), not to int()
        "99999999999999999999999",  # past PostgreSQL's bigint
        "9" * 5000,  # past int()'s limit of digits
    ],
)
def test_a_page_number_naming_no_page_is_a_404_leading_back_to_the_results(
    client, language, url, q, link_text, number
):
    for count in range(12):
        ArticleFactory(headline_ru=f"Технопарк {count}", headline_en=f"Technopark {count}")

    tree = lxml.html.fromstring(page(client, url, status=404, data={"q": q, "page": number}))

    (link,) = tree.xpath("//main//a[contains(., 'технопарк') or contains(., 'technopark')]")
    assert " ".join(link.text_content().split()) == link_text
    assert link.get("href") == "?" + urlencode({"q": q})
    assert len(titles(page(client, url + link.get("href")))) == 10
    assert tree.xpath("//input[@name='q']/@value") == [q]


def test_an_excerpt_marks_the_compound_that_a_joined_word_found(client, seeded):
    html = search(client, "en", "startup")

    assert "technology <mark>start</mark>-<mark>ups</mark>" in html


def test_a_paragraph_is_found_by_its_words_and_never_by_its_markup(client):
    article = ArticleFactory(headline_ru="Новость с разметкой", headline_en="Marked-up news")
    ParagraphFactory(
        article=article,
        text_ru='<h2>Итоги</h2><p>Открылся <a href="/ru/">технопарк</a> &amp; <em>центр</em></p>',
        text_en="<p>A <strong>science</strong> park &lt;opened&gt;</p><ul><li>strong</li></ul>",
    )

    assert titles(search(client, "ru", "технопарк")) == ["Новость с разметкой"]
    assert titles(search(client, "en", "science")) == ["Marked-up news"]
    for tag in ("href", "em", "h2"):
        assert titles(search(client, "ru", tag)) == []
    assert titles(search(client, "en", "li")) == []


def test_an_excerpt_of_a_rich_paragraph_is_its_words_without_markup(client):
    article = ArticleFactory(headline_ru="Новость с разметкой")
    ParagraphFactory(
        article=article,
        text_ru='<h2>Итоги</h2><p>Открылся <a href="/ru/">технопарк</a> &amp; <em>центр</em></p>',
    )

    html = search(client, "ru", "технопарк")
    (result,) = results(html)

    assert result["excerpt"].endswith(". Итоги Открылся технопарк & центр")
    excerpt = lxml.html.fromstring(html).xpath("//*[@class='search-result__excerpt']")[0]
    assert [element.tag for element in excerpt.iter()][1:] == ["mark"]
