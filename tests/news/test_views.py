"""The reader's pages for news, in Russian and English."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone, translation

from news.models import Article, BodyItem
from partners.models import Official, Organisation, Quote
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    PlacedQuoteFactory,
)
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db

SEED_RU = "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"
SEED_EN = "/en/news/moscow-and-innobiz-agree-on-joint-projects/"


def test_root_sends_the_reader_to_the_language_their_browser_prefers(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").headers["Location"] == "/ru/"


def test_root_sends_the_reader_to_russian_when_in_doubt(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8").headers["Location"] == "/ru/"
    assert client.get("/").headers["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("url", "language", "headline", "nav"),
    [
        ("/ru/", "ru", "Москва и южнокорейская ассоциация Innobiz", "Партнёры"),
        ("/en/", "en", "Moscow and South Korea’s Innobiz association agree", "Partners"),
    ],
)
def test_home_lists_the_news_in_the_readers_language(client, seeded, url, language, headline, nav):
    html = page(client, url)

    assert f'<html lang="{language}">' in html
    assert headline in html
    assert nav in html
    assert "news/index.html" not in html


def test_home_lists_newest_first_and_paginates(client):
    now = timezone.now()
    for days in range(25):
        ArticleFactory(
            headline_ru=f"Новость {days} дней назад", published_at=now - timedelta(days=days)
        )

    first = page(client, "/ru/")
    third = page(client, "/ru/?page=3")

    assert first.index("Новость 0 дней назад") < first.index("Новость 1 дней назад")
    assert "Новость 9 дней назад" in first and "Новость 10 дней назад" not in first
    assert "Новость 24 дней назад" in third
    assert "Страница 3 из 3" in third
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?page=2" rel="prev"' in third and 'rel="next"' not in third


@pytest.mark.parametrize("query", ["?page=99", "?page=abc", "?page=0", "?page=-1", "?page=1.5"])
def test_a_page_number_out_of_range_or_not_a_number_is_a_404(client, seeded, query):
    html = page(client, f"/ru/{query}", status=404)

    assert "Страница не найдена" in html


@pytest.mark.parametrize("url", ["/de/", "/fr/news/", "/xx/novosti/anything/"])
def test_an_unknown_language_is_a_404(client, url):
    html = page(client, url, status=404)

    assert '<html lang="ru">' in html and "Страница не найдена" in html


@pytest.mark.parametrize("url", ["/ru/novosti/no-such-article/", "/en/news/no-such-article/"])
def test_an_unknown_slug_is_a_404_in_the_readers_language(client, seeded, url):
    html = page(client, url, status=404)

    if url.startswith("/en/"):
        assert '<html lang="en">' in html and "Page not found" in html
    else:
        assert '<html lang="ru">' in html and "Страница не найдена" in html
    assert 'href="/ru/"' in html or 'href="/en/"' in html  # the site's navigation is there
    assert '<meta name="robots" content="noindex">' in html


def test_the_russian_article_page(client, seeded):
    html = page(client, SEED_RU)

    assert '<html lang="ru">' in html
    assert "<h1" in html and "Москва и южнокорейская ассоциация Innobiz договорились" in html
    assert "сообщает официальный сайт мэра Москвы" in html
    assert 'href="https://www.mos.ru/"' in html
    assert html.count('<figure class="quote"') == 3
    assert html.count("<blockquote") == 3
    assert 'href="/ru/partnery/lyudi/natalya-sergunina/"' in html
    assert "заместитель мэра Москвы" in html
    assert 'href="/ru/partnery/organizacii/innobiz/"' in html
    assert "Партнёры в этой статье" in html
    assert (
        html.index("Сергунина</a>") < html.index("пройдут апробирование") < html.index("Фурсин</a>")
    )


def test_the_publication_date_is_written_in_the_readers_language(client):
    published = timezone.datetime(2026, 11, 30, 12, 0, tzinfo=timezone.get_current_timezone())
    article = ArticleFactory(published_at=published, slug_ru="data", slug_en="date")

    assert "30 ноября 2026 г." in page(client, f"/ru/novosti/{article.slug_ru}/")
    assert "30 November 2026" in page(client, f"/en/news/{article.slug_en}/")


def test_the_english_article_page(client, seeded):
    html = page(client, SEED_EN)

    assert '<html lang="en">' in html
    assert "Moscow and South Korea’s Innobiz association agree on joint projects" in html
    assert 'href="/en/partners/people/lim-byung-hoon/"' in html
    assert "Chairman of the Innobiz Association" in html
    assert "Partners in this article" in html
    assert 'name="robots"' not in html
    assert f'rel="canonical" href="http://testserver{SEED_EN}"' in html


def test_each_quote_is_a_figure_with_its_official_position_and_organisation(client):
    placed = PlacedQuoteFactory(
        quote__text_en="“We will do it,” she said.",
        quote__official__full_name_en="Anna Smirnova",
        quote__official__position_en="Deputy Head",
        quote__official__organisation__name_en="City Agency",
    )
    html = page(client, url_in(placed.article, "en"))

    figure = html[html.index('<figure class="quote"') : html.index("</figure>")]
    assert "<blockquote" in figure and "“We will do it,” she said." in figure
    caption = figure[figure.index("<figcaption") :]
    assert "Anna Smirnova</a>" in caption
    assert "Deputy Head" in caption
    assert "City Agency</a>" in caption


def test_the_switcher_leads_to_the_same_article_in_the_other_language(client, seeded):
    assert f'href="{SEED_EN}" hreflang="en"' in page(client, SEED_RU)
    assert f'href="{SEED_RU}" hreflang="ru"' in page(client, SEED_EN)


def test_an_untranslated_article_is_not_listed_in_english(client, untranslated):
    assert "Непереведённая новость" in page(client, "/ru/")
    assert "Непереведённая новость" not in page(client, "/en/")


def test_an_untranslated_article_shows_the_russian_text_under_an_english_notice(
    client, untranslated
):
    html = page(client, "/en/news/neperevedennaya/")

    assert '<html lang="en">' in html
    assert "has not been translated into English yet" in html
    assert '<article class="article" lang="ru">' in html
    assert "Непереведённая новость" in html and "Русский абзац." in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical" href="http://testserver/ru/novosti/neperevedennaya/"' in html


def test_the_switcher_says_when_the_translation_is_missing(client, untranslated):
    html = page(client, "/ru/novosti/neperevedennaya/")

    assert 'href="/en/news/neperevedennaya/" hreflang="en"' in html
    assert "ещё не переведено" in html


def test_a_translation_in_progress_is_not_shown_before_it_is_ready(client, untranslated):
    untranslated.headline_en = "Half-done headline"
    untranslated.save()

    html = page(client, "/en/news/neperevedennaya/")

    assert "Half-done headline" not in html
    assert "Непереведённая новость" in html


@pytest.mark.parametrize(
    "state",
    [{"draft": True}, {"scheduled": True}],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_404_in_both_languages(client, state):
    article = ArticleFactory(slug_ru="skryto", slug_en="hidden", **state)

    assert "Страница не найдена" in page(client, "/ru/novosti/skryto/", status=404)
    assert "Page not found" in page(client, "/en/news/hidden/", status=404)
    assert article.headline_ru not in page(client, "/ru/")
    assert article.headline_en not in page(client, "/en/")


@pytest.mark.parametrize("articles", [1, 30])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_news_list_needs_few_queries_however_long(
    client, django_assert_max_num_queries, articles, language
):
    ArticleFactory.create_batch(articles)

    with django_assert_max_num_queries(6):
        html = page(client, f"/{language}/")

    assert html.count('<article class="article-card">') == min(articles, 10)


@pytest.mark.parametrize("quotes", [1, 30])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_article_needs_few_queries_however_many_quotes(
    client, django_assert_max_num_queries, quotes, language
):
    article = ArticleFactory(slug_ru="mnogo", slug_en="many")
    for position in range(quotes):
        PlacedQuoteFactory(article=article, position=position + 1)
    article.organisations.add(*OrganisationFactory.create_batch(quotes))
    url = "/ru/novosti/mnogo/" if language == "ru" else "/en/news/many/"
    # Read once per process and kept (an English page's translation note needs them):
    # what is counted here is the page's own queries, whichever test runs first.
    ContentType.objects.get_for_models(Article, BodyItem, Quote, Organisation, Official)

    with django_assert_max_num_queries(6):
        html = page(client, url)

    assert html.count('<figure class="quote"') == quotes


@pytest.mark.parametrize(
    ("language", "title"), [("ru", "У нас что-то сломалось"), ("en", "Something went wrong")]
)
def test_the_server_error_page_speaks_the_readers_language_without_a_request(language, title):
    with translation.override(language):
        html = render_to_string("500.html")

    assert f'<html lang="{language}">' in html
    assert title in html
    assert f'href="/{language}/"' in html  # the site's navigation


def test_every_page_has_landmarks_and_a_skip_link(client, seeded):
    html = page(client, SEED_EN)

    for landmark in ('<header class="site-header">', "<nav", '<main id="content"', "<footer"):
        assert landmark in html
    assert '<a class="skip-link" href="#content">' in html
    assert html.count("<h1") == 1
