"""What search engines, feed readers and social networks get, parsed as they parse it."""

import json
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from django.utils import timezone

from news.models import Article
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    ParagraphFactory,
    PlacedQuoteFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SEED_RU = "http://testserver/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"
SEED_EN = "http://testserver/en/news/moscow-and-innobiz-agree-on-joint-projects/"


def head_links(html: str) -> dict[str, list[tuple[str, str]]]:
    head = lxml.html.fromstring(html).find("head")
    links: dict[str, list[tuple[str, str]]] = {}
    for link in head.iter("link"):
        links.setdefault(link.get("rel"), []).append(
            (link.get("hreflang") or link.get("type"), link.get("href"))
        )
    return links


def meta(html: str, key: str) -> list[str]:
    head = lxml.html.fromstring(html).find("head")
    return [
        m.get("content") for m in head.iter("meta") if key in (m.get("property"), m.get("name"))
    ]


def json_ld(html: str) -> list[dict]:
    head = lxml.html.fromstring(html).find("head")
    return [
        json.loads(script.text)
        for script in head.iter("script")
        if script.get("type") == "application/ld+json"
    ]


# hreflang and canonical


def test_a_translated_article_lists_both_languages_and_is_its_own_canonical(client, seeded):
    links = head_links(page(client, "/en/news/moscow-and-innobiz-agree-on-joint-projects/"))

    assert links["canonical"] == [(None, SEED_EN)]
    assert sorted(links["alternate"][:3]) == sorted(
        [("ru", SEED_RU), ("x-default", SEED_RU), ("en", SEED_EN)]
    )


def test_an_untranslated_article_never_advertises_its_english_fallback(client, untranslated):
    russian = page(client, "/ru/novosti/neperevedennaya/")
    english = page(client, "/en/news/neperevedennaya/")

    ru_url = "http://testserver/ru/novosti/neperevedennaya/"
    for html in (russian, english):
        alternates = [
            pair for pair in head_links(html)["alternate"] if pair[0] in ("ru", "en", "x-default")
        ]
        assert alternates == [("ru", ru_url), ("x-default", ru_url)]
    assert head_links(english)["canonical"] == [(None, ru_url)]
    assert meta(english, "robots") == ["noindex"]
    assert meta(russian, "robots") == []


def test_every_page_links_its_feeds(client, seeded):
    links = head_links(page(client, "/en/partners/"))

    assert ("application/rss+xml", "/en/news/rss/") in links["alternate"]
    assert ("application/atom+xml", "/en/news/atom/") in links["alternate"]


# Sitemap and robots


def sitemap(client) -> lxml.etree._Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    document = lxml.etree.fromstring(response.content)
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / "sitemap.xsd")))
    schema.assertValid(document)
    return document


def entries(document) -> dict[str, dict]:
    found = {}
    for url in document.iter(f"{SITEMAP}url"):
        found[url.findtext(f"{SITEMAP}loc")] = {
            "lastmod": url.findtext(f"{SITEMAP}lastmod"),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            },
        }
    return found


def test_the_sitemap_is_valid_and_lists_every_page_in_its_languages(client, seeded):
    urls = entries(sitemap(client))

    assert {
        "http://testserver/ru/",
        "http://testserver/en/",
        "http://testserver/en/partners/",
    } <= set(urls)
    assert "http://testserver/en/partners/organisations/innobiz/" in urls
    assert "http://testserver/ru/partnery/lyudi/im-byun-hun/" in urls
    assert urls[SEED_EN]["alternates"] == {"ru": SEED_RU, "en": SEED_EN, "x-default": SEED_RU}
    # The day as the site's readers count it (Moscow), not as UTC does after 21:00.
    modified = timezone.localtime(Article.objects.get().modified_at)
    assert urls[SEED_EN]["lastmod"] == modified.date().isoformat()


def test_the_sitemap_follows_the_availability_rule(client, untranslated):
    ArticleFactory(slug_ru="chernovik", draft=True)
    organisation = OrganisationFactory(slug_ru="bez-perevoda", untranslated=True)

    urls = entries(sitemap(client))

    russian = "http://testserver/ru/novosti/neperevedennaya/"
    assert urls[russian]["alternates"] == {"ru": russian, "x-default": russian}
    assert not any(
        "neperevedennaya" in url for url in urls if url.startswith("http://testserver/en/")
    )
    assert not any("chernovik" in url for url in urls)
    assert f"http://testserver/ru/partnery/organizacii/{organisation.slug_ru}/" in urls
    assert not any(organisation.slug_ru in url for url in urls if "/en/" in url)


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin_and_search(client):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in lines
    assert {"Disallow: /ru/poisk/", "Disallow: /en/search/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


# Feeds


@pytest.mark.parametrize(
    ("kind", "ru_url", "en_url"),
    [("rss", "/ru/novosti/rss/", "/en/news/rss/"), ("atom", "/ru/novosti/atom/", "/en/news/atom/")],
)
def test_feeds_per_language_follow_availability(client, seeded, untranslated, kind, ru_url, en_url):
    russian = feedparser.parse(client.get(ru_url).content)
    english = feedparser.parse(client.get(en_url).content)

    assert not russian.bozo and not english.bozo
    assert russian.feed.language == "ru" and english.feed.language == "en"
    assert [entry.title for entry in russian.entries] == [
        "Непереведённая новость",
        "Москва и южнокорейская ассоциация Innobiz договорились о совместных проектах — Сергунина",
    ]
    assert [entry.title for entry in english.entries] == [
        "Moscow and South Korea’s Innobiz association agree on joint projects, Sergunina says"
    ]
    item = english.entries[0]
    assert item.link == SEED_EN
    assert item.summary.startswith("Moscow and the South Korean association Innobiz have agreed")
    # Its byline, the portal's newsroom: the Mayor's website is its source, not its author.
    assert item.author == "The Moscow Innovation News newsroom"
    assert item.published_parsed is not None


# Structured data and share cards


def test_the_article_describes_itself_as_a_news_article_in_each_language(client, seeded):
    english = json_ld(page(client, "/en/news/moscow-and-innobiz-agree-on-joint-projects/"))[0]
    russian = json_ld(
        page(client, "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/")
    )[0]

    assert english["@type"] == "NewsArticle" and english["@context"] == "https://schema.org"
    assert english["inLanguage"] == "en" and russian["inLanguage"] == "ru"
    assert english["headline"].startswith("Moscow and South Korea’s Innobiz")
    assert english["description"].startswith("Moscow and the South Korean association")
    assert english["datePublished"] and english["dateModified"]
    assert english["publisher"]["@type"] == "NewsMediaOrganization"
    assert {org["name"] for org in english["about"]} >= {
        "Korea Innovative Business Association (INNOBIZ)",
        "Moscow Government",
    }
    people = {person["name"]: person for person in english["mentions"]}
    assert set(people) == {"Natalya Sergunina", "Alexei Fursin", "Lim Byung-hoon"}
    assert people["Lim Byung-hoon"]["@type"] == "Person"
    assert "임병훈" in people["Lim Byung-hoon"]["alternateName"]
    assert (
        english["translationOfWork"]["url"] == SEED_RU
        and english["translationOfWork"]["inLanguage"] == "ru"
    )
    assert russian["workTranslation"][0]["url"] == SEED_EN


def test_partner_pages_describe_an_organization_and_a_person(client, seeded):
    organisation = json_ld(page(client, "/en/partners/organisations/innobiz/"))[0]
    person = json_ld(page(client, "/en/partners/people/natalya-sergunina/"))[0]

    assert organisation["@type"] == "Organization"
    assert organisation["address"]["addressCountry"] == "KR"
    assert organisation["sameAs"] == ["https://www.innobiz.net/"]
    assert person["@type"] == "Person"
    assert person["jobTitle"] == "Deputy Mayor of Moscow"
    assert person["worksFor"]["name"] == "Moscow Government"


def test_a_field_holding_script_cannot_break_the_page(client):
    hostile = '</script><script>alert("x")</script><!--'
    placed = PlacedQuoteFactory(
        quote__text_en=hostile, article__headline_en=hostile, article__slug_en="hostile"
    )

    html = page(client, "/en/news/hostile/")

    assert '<script>alert("x")' not in html
    data = json_ld(html)[0]
    assert data["headline"] == hostile
    assert placed.quote.text_en not in html  # shown escaped in the body too


def test_share_cards(client, seeded):
    html = page(client, "/en/news/moscow-and-innobiz-agree-on-joint-projects/")

    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title")[0].startswith("Moscow and South Korea’s Innobiz")
    assert meta(html, "og:description")[0].startswith("Moscow and the South Korean association")
    assert meta(html, "og:locale") == ["en_GB"] and meta(html, "og:locale:alternate") == ["ru_RU"]
    assert meta(html, "article:published_time")
    assert meta(html, "twitter:card") == ["summary_large_image"]
    image = meta(html, "og:image")[0]
    assert image.endswith("/static/img/share.png")
    assert meta(page(client, "/en/"), "og:type") == ["website"]


def test_a_page_kept_out_of_search_engines_keeps_its_links_and_share_tags(
    client, editor_client, seeded
):
    search = page(client, "/en/search/?q=Innobiz")
    draft = ArticleFactory(draft=True, slug_ru="chernovik")
    preview = page(editor_client, f"/ru/novosti/predprosmotr/{draft.pk}/")

    assert meta(search, "robots") == ["noindex, follow"]
    assert head_links(search)["canonical"] == [(None, "http://testserver/en/search/?q=Innobiz")]
    assert meta(search, "og:url") == ["http://testserver/en/search/?q=Innobiz"]
    assert ("ru", "http://testserver/ru/poisk/?q=Innobiz") in head_links(search)["alternate"]
    assert meta(search, "og:locale") == ["en_GB"] and meta(search, "og:locale:alternate") == [
        "ru_RU"
    ]
    assert meta(preview, "robots") == ["noindex, nofollow"]
    assert meta(preview, "og:url") == [f"http://testserver/ru/novosti/predprosmotr/{draft.pk}/"]
    assert meta(preview, "og:locale") == ["ru_RU"]


def test_a_later_page_of_the_news_is_its_own_canonical_and_shares_as_the_first(client):
    ArticleFactory.create_batch(11)

    html = page(client, "/en/?page=2")

    assert head_links(html)["canonical"] == [(None, "http://testserver/en/?page=2")]
    assert meta(html, "og:url") == ["http://testserver/en/"]


@pytest.mark.parametrize("url", ["/en/news/rss/", "/en/news/atom/"])
def test_feeds_stay_well_formed_with_rich_text_paragraphs(client, url):
    article = ArticleFactory(headline_en="Rich & <marked> news", lead_en="A lead & more.")
    ParagraphFactory(
        article=article,
        text_en='<h2>Part</h2><p>A <a href="https://example.org/?a=1&amp;b=2">link</a> &amp; '
        "<em>more</em></p><ul><li>one</li></ul>",
    )

    response = client.get(url)
    lxml.etree.fromstring(response.content)  # raises if not well-formed XML
    feed = feedparser.parse(response.content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Rich & <marked> news"]
    assert feed.entries[0].summary == "A lead & more."
