"""Sections and tags as readers find them: on an article, on pages of their own with feeds,
in the sitemap, each only in the languages it is shown in."""

from datetime import timedelta

import feedparser
import lxml.etree
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import Article
from news.taxonomy import Section
from tests.admin_forms import change_url, open_form
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, byline
from tests.pages import page, url_in

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def filed():
    """A translated article filed under a section with a translated tag, a tag named in
    Russian only and a tag it shares with an untranslated article only."""
    section = SectionFactory(name_ru="Инновации", name_en="Innovation", slug_ru="innovacii")
    section.slug_en = "innovation"
    section.save()
    korea = TagFactory(name_ru="Южная Корея", name_en="South Korea", slug_ru="koreya")
    korea.slug_en = "south-korea"
    korea.save()
    russian_only = TagFactory(name_ru="Технопарки", slug_ru="tekhnoparki", untranslated=True)
    russian_only_articles = TagFactory(name_ru="Пилоты", name_en="Pilots", slug_ru="piloty")
    article = ArticleFactory(
        headline_ru="Москва и Innobiz", headline_en="Moscow and Innobiz", section=section
    )
    article.tags.set([korea, russian_only])
    untranslated = ArticleFactory(headline_ru="Только по-русски", untranslated=True)
    untranslated.tags.set([russian_only_articles])
    return {
        "section": section,
        "korea": korea,
        "russian_only": russian_only,
        "russian_only_articles": russian_only_articles,
        "article": article,
        "untranslated": untranslated,
    }


def test_the_article_shows_its_section_and_tags_in_the_readers_language(client, filed):
    russian = page(client, url_in(filed["article"], "ru"))
    english = page(client, url_in(filed["article"], "en"))

    assert 'href="/ru/rubriki/innovacii/" rel="tag">Инновации</a>' in russian
    assert 'href="/ru/temy/koreya/" rel="tag">Южная Корея</a>' in russian
    assert 'href="/ru/temy/tekhnoparki/" rel="tag">Технопарки</a>' in russian
    assert "Ещё в этой рубрике" in russian
    assert 'href="/en/sections/innovation/" rel="tag">Innovation</a>' in english
    assert 'href="/en/topics/south-korea/" rel="tag">South Korea</a>' in english
    assert "More from this section" in english
    # Not named in English: not shown there.
    assert "tekhnoparki" not in english
    assert "Технопарки" not in english


def test_an_untranslated_article_shows_no_section_or_tags_to_english_readers(client, filed):
    english = page(client, url_in(filed["untranslated"], "en"))

    assert "piloty" not in english
    assert "Pilots" not in english


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/ru/temy/koreya/", "Южная Корея"),
        ("/en/topics/south-korea/", "South Korea"),
        ("/ru/rubriki/innovacii/", "Инновации"),
        ("/en/sections/innovation/", "Innovation"),
    ],
)
def test_a_section_or_tag_page_lists_its_articles_in_the_pages_language(client, filed, url, name):
    html = page(client, url)

    assert f'<h1 class="page-title">{name}</h1>' in html
    headline = "Moscow and Innobiz" if url.startswith("/en/") else "Москва и Innobiz"
    assert headline in html
    assert "Только по-русски" not in html


def test_a_tag_page_exists_only_in_the_languages_the_tag_is_shown_in(client, filed):
    # Named in Russian only.
    assert "Москва и Innobiz" in page(client, "/ru/temy/tekhnoparki/")
    page(client, "/en/topics/tekhnoparki/", status=404)
    # Named in both, but filing only an article not translated.
    assert "Только по-русски" in page(client, "/ru/temy/piloty/")
    page(client, url_in(filed["russian_only_articles"], "en"), status=404)
    page(client, "/ru/temy/net-takoj/", status=404)
    page(client, "/en/sections/no-such-section/", status=404)


def test_a_section_with_no_public_article_has_no_page(client):
    section = SectionFactory(slug_ru="pusto")
    ArticleFactory(section=section, draft=True)
    ArticleFactory(section=section, scheduled=True)

    page(client, "/ru/rubriki/pusto/", status=404)


def test_a_section_or_tag_page_links_to_its_other_language(client, filed):
    html = page(client, "/ru/temy/koreya/")

    assert 'hreflang="en" href="http://testserver/en/topics/south-korea/"' in html
    russian_only = page(client, "/ru/temy/tekhnoparki/")
    assert '<link rel="alternate" hreflang="en"' not in russian_only
    # The language switcher leads to the English home page, not to a page that is not there.
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in russian_only


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(
    ("url", "headline"),
    [
        ("/ru/temy/koreya/", "Москва и Innobiz"),
        ("/en/topics/south-korea/", "Moscow and Innobiz"),
        ("/ru/rubriki/innovacii/", "Москва и Innobiz"),
        ("/en/sections/innovation/", "Moscow and Innobiz"),
        ("/ru/temy/piloty/", "Только по-русски"),
    ],
)
def test_each_section_and_tag_has_feeds_in_its_languages(client, filed, kind, url, headline):
    response = client.get(f"{url}{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [headline]
    assert feed.feed.link == f"http://testserver{url}"
    # Its page names its feeds.
    assert f'href="{url}{kind}/"' in page(client, url)


@pytest.mark.parametrize("url", ["/en/topics/tekhnoparki/rss/", "/en/topics/piloty/atom/"])
def test_a_tag_not_shown_in_english_has_no_english_feed(client, filed, url):
    assert client.get(url).status_code == 404


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    document = lxml.etree.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in document.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_each_section_and_tag_in_its_languages(client, filed):
    entries = sitemap_entries(client)
    ru, en = "http://testserver/ru/temy/koreya/", "http://testserver/en/topics/south-korea/"

    assert entries[en] == {"ru": ru, "en": en, "x-default": ru}
    assert entries["http://testserver/en/sections/innovation/"]["ru"] == (
        "http://testserver/ru/rubriki/innovacii/"
    )
    assert entries["http://testserver/ru/temy/tekhnoparki/"] == {
        "ru": "http://testserver/ru/temy/tekhnoparki/",
        "x-default": "http://testserver/ru/temy/tekhnoparki/",
    }
    assert "http://testserver/ru/temy/piloty/" in entries
    assert not any(
        "/en/topics/tekhnoparki/" in url or "/en/topics/piloty/" in url for url in entries
    )


def test_a_page_lists_ten_articles_newest_first_then_the_next_page(client, filed):
    tag = filed["korea"]
    now = timezone.now()
    for day in range(1, 15):
        ArticleFactory(
            headline_en=f"Older {day:02d}", published_at=now - timedelta(days=day)
        ).tags.add(tag)

    first = page(client, "/en/topics/south-korea/")
    second = page(client, "/en/topics/south-korea/?page=2")

    assert first.index("Moscow and Innobiz") < first.index("Older 01") < first.index("Older 09")
    assert "Older 10" not in first
    assert "Older 10" in second and "Older 14" in second
    page(client, "/en/topics/south-korea/?page=3", status=404)
    page(client, "/en/topics/south-korea/?page=abc", status=404)


@pytest.mark.parametrize(
    "url", ["/ru/temy/koreya/", "/en/topics/south-korea/", "/ru/rubriki/innovacii/"]
)
def test_a_section_or_tag_page_needs_few_queries_however_many_articles(
    client, django_assert_max_num_queries, filed, url
):
    for _ in range(15):
        ArticleFactory(section=filed["section"]).tags.add(filed["korea"])
    cache.clear()

    with django_assert_max_num_queries(6):
        html = page(client, url)

    assert html.count('<article class="article-card">') == 10


def test_a_renamed_tag_shows_its_new_name_at_once(client, filed):
    page(client, "/en/topics/south-korea/")
    page(client, url_in(filed["article"], "en"))

    filed["korea"].name_en = "Republic of Korea"
    filed["korea"].save()

    assert "Republic of Korea" in page(client, "/en/topics/south-korea/")
    assert "Republic of Korea" in page(client, url_in(filed["article"], "en"))


def test_an_article_filed_later_appears_at_once(client, filed):
    page(client, "/ru/rubriki/innovacii/")
    page(client, "/ru/temy/koreya/")
    article = ArticleFactory(headline_ru="Новая статья")

    article.section = filed["section"]
    article.save()
    article.tags.add(filed["korea"])

    assert "Новая статья" in page(client, "/ru/rubriki/innovacii/")
    assert "Новая статья" in page(client, "/ru/temy/koreya/")


def test_a_subsection_page_names_its_parent_whose_page_lists_its_articles(client):
    parent = SectionFactory(name_ru="Инновации", slug_ru="innovacii")
    child = SectionFactory(name_ru="Стартапы", slug_ru="startapy", parent=parent)
    ArticleFactory(section=child, headline_ru="В подрубрике")

    assert 'href="/ru/rubriki/innovacii/">Инновации</a>' in page(client, "/ru/rubriki/startapy/")
    assert "В подрубрике" in page(client, "/ru/rubriki/innovacii/")
    assert "В подрубрике" in page(client, "/ru/rubriki/innovacii/rss/")


@pytest.mark.parametrize("level", ["third", "self", "parent_of_child"])
def test_sections_have_two_levels_at_most(level):
    top = SectionFactory()
    middle = SectionFactory(parent=top)
    section = {"third": SectionFactory.build(parent=middle), "self": top, "parent_of_child": top}[
        level
    ]
    if level == "self":
        section.parent = top
    elif level == "parent_of_child":
        section.parent = SectionFactory()

    with pytest.raises(ValidationError) as refused:
        section.full_clean()

    assert list(refused.value.message_dict) == ["parent"]


def test_an_editor_files_an_article_in_its_form(editor_client, filed):
    article = ArticleFactory(slug_ru="bez-rubriki")
    values = open_form(editor_client, change_url(article))
    values["section"] = str(filed["section"].pk)
    values["tags"] = [str(filed["korea"].pk), str(filed["russian_only"].pk)]

    response = editor_client.post(change_url(article), values)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.section == filed["section"]
    assert set(article.tags.all()) == {filed["korea"], filed["russian_only"]}
    assert "bez-rubriki" in page(editor_client, "/ru/temy/koreya/")


def test_the_section_and_tag_admins_find_them_for_the_article_form(editor_client, filed):
    found = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Коре", "app_label": "news", "model_name": "article", "field_name": "tags"},
    ).json()

    assert [result["text"] for result in found["results"]] == ["Южная Корея"]
    assert "Инновации" in page(editor_client, "/admin/news/section/")
    assert "Южная Корея" in page(editor_client, "/admin/news/tag/")


def test_a_translator_translates_a_tag(translator_client):
    tag = TagFactory(name_ru="Стартапы", name_en="", slug_en="")

    assert "Стартапы" in page(translator_client, "/admin/translations/")
    values = open_form(translator_client, change_url(tag), form_id="tag_form")
    values["name_en"] = "Start-ups"
    response = translator_client.post(change_url(tag), values)

    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name_en, tag.slug_en) == ("Start-ups", "start-ups")


def test_the_model_says_where_sections_are_shown(filed):
    assert set(Section.objects.available_in("en")) == {filed["section"]}
    assert Article.objects.get(pk=filed["article"].pk).section_in("en") == filed["section"]


@pytest.mark.parametrize(
    ("kind", "language", "prefix", "field"),
    [
        ("korea", "ru", "/ru/temy/", "slug_ru"),
        ("korea", "en", "/en/topics/", "slug_en"),
        ("section", "ru", "/ru/rubriki/", "slug_ru"),
        ("section", "en", "/en/sections/", "slug_en"),
    ],
)
def test_a_section_or_tag_renamed_twice_answers_at_its_old_addresses(
    client, filed, kind, language, prefix, field
):
    taxon = filed[kind]
    first = getattr(taxon, field)
    for slug in ("vtoroe-imya", "tretie-imya"):
        setattr(taxon, field, slug)
        taxon.save()

    for old in (first, "vtoroe-imya"):
        response = client.get(f"{prefix}{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"{prefix}tretie-imya/"
    assert client.get(f"{prefix}tretie-imya/").status_code == 200
    assert client.get(f"{prefix}never-was/").status_code == 404


def test_a_tags_feed_needs_few_queries_however_many_signed_articles(
    client, django_assert_max_num_queries
):
    tag = TagFactory(slug_ru="mnogo")
    for number in range(8):
        article = ArticleFactory(slug_ru=f"statya-{number}")
        article.tags.add(tag)
        byline(article, AuthorFactory())
    page(client, "/ru/temy/mnogo/rss/")  # the content types known, as once running
    cache.clear()
    with django_assert_max_num_queries(6):
        response = client.get("/ru/temy/mnogo/rss/")
    assert response.status_code == 200
