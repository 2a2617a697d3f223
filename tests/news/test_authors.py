"""Authors: bylines on articles, author pages, feeds, sitemap and structured data, in each
language as far as the author has something to read in it."""

from datetime import timedelta

import feedparser
import lxml.html
import pytest
from django.utils import timezone

from news.models import Article, Author
from tests.admin_forms import change_url, errors, open_form
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, byline
from tests.pages import page, url_in
from tests.portal.test_discovery import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    return AuthorFactory(
        name_ru="Анна Смирнова",
        name_en="Anna Smirnova",
        slug_ru="anna-smirnova",
        slug_en="anna-smirnova",
        bio_ru="Пишет о технологиях.",
        bio_en="Writes about technology.",
    )


def byline_links(html: str) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(html)
    return [(a.text_content(), a.get("href")) for a in tree.xpath("//*[@class='byline']//a")]


# Pages in each language


def test_an_author_page_lists_their_articles_newest_first_in_each_language(client, anna):
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    russian_only = ArticleFactory(untranslated=True, headline_ru="Только по-русски")
    ArticleFactory(draft=True, headline_ru="Черновик Анны", headline_en="Anna's draft")
    for article in (older, newer, russian_only, Article.objects.get(headline_ru="Черновик Анны")):
        byline(article, anna)

    russian = page(client, "/ru/avtory/anna-smirnova/")
    english = page(client, "/en/authors/anna-smirnova/")

    assert "Анна Смирнова" in russian and "Пишет о технологиях." in russian
    assert russian.index(newer.headline_ru) < russian.index(older.headline_ru)
    assert "Только по-русски" in russian and "Черновик Анны" not in russian
    assert "Anna Smirnova" in english and "Writes about technology." in english
    assert english.index(newer.headline_en) < english.index(older.headline_en)
    assert "Только по-русски" not in english and "Anna's draft" not in english


def test_an_author_with_nothing_to_read_in_a_language_has_no_page_in_it(client, anna):
    byline(ArticleFactory(untranslated=True), anna)
    unnamed = AuthorFactory(untranslated=True, slug_ru="bezymyannyj")
    byline(ArticleFactory(), unnamed)
    drafts_only = AuthorFactory(slug_ru="chernovik", slug_en="drafts-only")
    byline(ArticleFactory(draft=True), drafts_only)

    page(client, "/ru/avtory/anna-smirnova/")
    page(client, "/en/authors/anna-smirnova/", status=404)  # only untranslated articles
    page(client, "/ru/avtory/bezymyannyj/")
    page(client, "/en/authors/bezymyannyj/", status=404)  # no English name
    page(client, "/ru/avtory/chernovik/", status=404)
    page(client, "/en/authors/drafts-only/", status=404)
    page(client, "/ru/avtory/nobody/", status=404)
    for language in ("ru", "en"):
        available = Author.objects.available_in(language)
        assert (anna in available) == (language == "ru")
        assert drafts_only not in available


def test_an_author_page_is_paginated_and_refuses_a_page_that_is_not_there(client, anna):
    for day in range(12):
        byline(ArticleFactory(published_at=timezone.now() - timedelta(days=day)), anna)

    first = page(client, "/ru/avtory/anna-smirnova/")
    second = page(client, "/ru/avtory/anna-smirnova/?page=2")

    assert 'rel="next"' in first and 'rel="prev"' in second
    assert len(lxml.html.fromstring(second).xpath("//article[@class='article-card']")) == 2
    page(client, "/ru/avtory/anna-smirnova/?page=9", status=404)
    page(client, "/ru/avtory/anna-smirnova/?page=abc", status=404)


def test_an_author_page_shows_their_photo(client, anna):
    anna.photo = ImageFactory(alt_ru="Анна Смирнова", alt_en="Anna Smirnova")
    anna.save()
    byline(ArticleFactory(), anna)

    tree = lxml.html.fromstring(page(client, "/en/authors/anna-smirnova/"))

    assert tree.xpath("//picture[@class='profile__photo']//img/@alt") == ["Anna Smirnova"]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_author_page_needs_few_queries_however_many_articles(
    client, django_assert_max_num_queries, anna, language
):
    for _n in range(15):
        byline(ArticleFactory(), anna)

    with django_assert_max_num_queries(6):
        page(client, url_in(anna, language))


# The byline


def test_the_byline_names_the_authors_in_order_in_the_readers_language(client, anna):
    desk = AuthorFactory(desk=True, name_ru="Редакция", name_en="Newsroom", slug_en="newsroom")
    unnamed = AuthorFactory(untranslated=True, name_ru="Пётр Зорин")
    article = byline(ArticleFactory(), anna, unnamed, desk)

    russian = byline_links(page(client, url_in(article, "ru")))
    english = byline_links(page(client, url_in(article, "en")))

    assert russian == [
        ("Анна Смирнова", "/ru/avtory/anna-smirnova/"),
        ("Пётр Зорин", url_in(unnamed, "ru")),
        ("Редакция", "/ru/avtory/" + desk.slug_ru + "/"),
    ]
    # No Russian name on an English page: an author not named in English is left out.
    assert english == [
        ("Anna Smirnova", "/en/authors/anna-smirnova/"),
        ("Newsroom", "/en/authors/newsroom/"),
    ]


def test_an_article_without_authors_shows_no_byline(client):
    html = page(client, url_in(ArticleFactory(), "ru"))

    assert 'class="byline"' not in html


def test_renaming_an_author_shows_on_their_articles_and_their_page_at_once(client, anna):
    article = byline(ArticleFactory(), anna)
    page(client, url_in(article, "en"))
    page(client, "/en/authors/anna-smirnova/")

    anna.name_en = "Anna Smirnova-Kim"
    anna.save()

    assert "Anna Smirnova-Kim" in page(client, url_in(article, "en"))
    assert "Anna Smirnova-Kim" in page(client, "/en/authors/anna-smirnova/")


def test_the_article_page_with_a_byline_still_needs_few_queries(
    client, django_assert_max_num_queries, anna
):
    article = byline(ArticleFactory(), anna, AuthorFactory(), AuthorFactory(desk=True))

    for language in ("ru", "en"):
        with django_assert_max_num_queries(6):
            page(client, url_in(article, language))


# Structured data


def test_the_article_names_its_authors_and_the_portal_as_publisher(client, anna):
    desk = AuthorFactory(desk=True, name_ru="Редакция", name_en="Newsroom", slug_en="newsroom")
    article = byline(ArticleFactory(), anna, desk)

    (data,) = json_ld(page(client, url_in(article, "en")))

    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Anna Smirnova",
            "url": "http://testserver/en/authors/anna-smirnova/",
        },
        {
            "@type": "Organization",
            "name": "Newsroom",
            "url": "http://testserver/en/authors/newsroom/",
        },
    ]
    assert data["publisher"]["name"] == "Moscow Innovation News"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/")


def test_an_author_page_describes_the_author(client, anna):
    byline(ArticleFactory(), anna)

    (data,) = json_ld(page(client, "/ru/avtory/anna-smirnova/"))

    assert data["@type"] == "Person"
    assert data["name"] == "Анна Смирнова"
    assert data["description"] == "Пишет о технологиях."


# Feeds and sitemap


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_authors_feed_has_their_articles_available_in_its_language(client, anna, kind):
    translated = byline(ArticleFactory(headline_en="Translated story"), anna)
    byline(ArticleFactory(untranslated=True, headline_ru="Русская история"), anna)
    ArticleFactory(headline_ru="Чужая история", headline_en="Someone else's story")

    russian = feedparser.parse(page(client, f"/ru/avtory/anna-smirnova/{kind}/"))
    english = feedparser.parse(page(client, f"/en/authors/anna-smirnova/{kind}/"))

    assert {entry.title for entry in russian.entries} == {translated.headline_ru, "Русская история"}
    assert [entry.title for entry in english.entries] == ["Translated story"]
    assert english.entries[0].author == "Anna Smirnova"
    assert "Anna Smirnova" in english.feed.title


def test_the_feed_of_an_author_with_nothing_in_the_language_is_not_found(client, anna):
    byline(ArticleFactory(untranslated=True), anna)

    page(client, "/ru/avtory/anna-smirnova/rss/")
    page(client, "/en/authors/anna-smirnova/rss/", status=404)
    page(client, "/en/authors/anna-smirnova/atom/", status=404)


def test_the_news_feed_names_the_byline_as_author_not_the_source(client, anna):
    byline(ArticleFactory(), anna)

    feed = feedparser.parse(page(client, "/en/news/atom/"))

    assert feed.entries[0].author == "Anna Smirnova"


def test_the_sitemap_lists_an_author_in_the_languages_they_have_articles_in(client, anna):
    byline(ArticleFactory(untranslated=True), anna)
    both = AuthorFactory(slug_ru="oba", slug_en="both")
    byline(ArticleFactory(), both)
    drafts_only = AuthorFactory(slug_ru="chernovik", slug_en="drafts-only")
    byline(ArticleFactory(draft=True), drafts_only)

    sitemap = page(client, "/sitemap.xml")

    assert "http://testserver/ru/avtory/anna-smirnova/" in sitemap
    assert "http://testserver/en/authors/anna-smirnova/" not in sitemap
    assert "http://testserver/ru/avtory/oba/" in sitemap
    assert 'hreflang="en" href="http://testserver/en/authors/both/"' in sitemap
    assert "chernovik" not in sitemap and "drafts-only" not in sitemap


# The admin


def test_an_editor_signs_an_article_in_its_form(editor_client, anna):
    article = ArticleFactory()
    values = open_form(editor_client, change_url(article))
    values.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(anna.pk),
            "bylines-0-position": "1",
            "bylines-0-article": str(article.pk),
        }
    )

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302, errors(response)
    assert [author.pk for author in article.byline()] == [anna.pk]


def test_a_translator_translates_an_authors_name_and_bio(translator_client):
    author = AuthorFactory(untranslated=True, name_ru="Пётр Зорин", bio_ru="Редактор.")
    values = open_form(translator_client, change_url(author), form_id="author_form")
    values.update({"name_en": "Pyotr Zorin", "bio_en": "Editor."})

    response = translator_client.post(change_url(author), values)

    assert response.status_code == 302, errors(response)
    author.refresh_from_db()
    assert (author.name_en, author.bio_en, author.slug_en) == (
        "Pyotr Zorin",
        "Editor.",
        "pyotr-zorin",
    )


def test_an_editor_lists_and_adds_authors_and_a_translator_finds_them_on_the_dashboard(
    editor_client, translator_client
):
    AuthorFactory(untranslated=True, name_ru="Пётр Зорин")

    assert "Пётр Зорин" in page(editor_client, "/admin/news/author/")
    page(editor_client, "/admin/news/author/add/")
    values = open_form(editor_client, "/admin/news/author/add/", form_id="author_form")
    values.update({"name_ru": "Мария Лебедева", "slug_ru": "mariya-lebedeva", "kind": "person"})
    response = editor_client.post("/admin/news/author/add/", values)
    assert response.status_code == 302, errors(response)
    assert Author.objects.filter(slug_ru="mariya-lebedeva").exists()

    assert "Пётр Зорин" in page(translator_client, "/admin/translations/")


@pytest.mark.parametrize(
    ("prefix", "field"), [("/ru/avtory/", "slug_ru"), ("/en/authors/", "slug_en")]
)
def test_an_author_renamed_twice_answers_at_both_old_addresses(client, prefix, field):
    author = AuthorFactory(slug_ru="anna", slug_en="anna")
    byline(ArticleFactory(), author)
    for slug in ("anna-2", "anna-3"):
        setattr(author, field, slug)
        author.save()

    for old in ("anna", "anna-2"):
        response = client.get(f"{prefix}{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"{prefix}anna-3/"
    assert client.get(f"{prefix}anna-3/").status_code == 200
    assert client.get(f"{prefix}nobody/").status_code == 404
