"""schema.org descriptions of pages, for the JSON-LD in their <head>.

Each function returns plain data; ``templatetags/discovery.py`` writes it out escaped so
that no field can close the <script> element.
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _

from core.addresses import absolute_url
from core.languages import SOURCE_LANGUAGE

CONTEXT = "https://schema.org"


def _in(language: str, obj, field: str) -> str:
    return getattr(obj, f"{field}_{language}", "") or ""


def publisher() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": _("Moscow Innovation News"),
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/share.png"))},
    }


def organization(organisation, *, full: bool = True) -> dict:
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute_url(organisation.get_absolute_url()),
    }
    if not full:
        return data
    other_names = {
        name
        for name in (
            organisation.short_name,
            organisation.native_name,
            *(_in(code, organisation, "name") for code, _name in settings.LANGUAGES),
        )
        if name and name != organisation.name
    }
    if other_names:
        data["alternateName"] = sorted(other_names)
    if organisation.description:
        data["description"] = organisation.description
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": organisation.country.code}
    if organisation.parent_id:
        data["parentOrganization"] = organization(organisation.parent, full=False)
    return data


def person(official) -> dict:
    other_names = {
        name
        for name in (
            official.native_name,
            *(_in(code, official, "full_name") for code, _name in settings.LANGUAGES),
        )
        if name and name != official.full_name
    }
    data = {
        "@type": "Person",
        "name": official.full_name,
        "url": absolute_url(official.get_absolute_url()),
        "jobTitle": official.position,
        "worksFor": organization(official.organisation, full=False),
    }
    if other_names:
        data["alternateName"] = sorted(other_names)
    return data


def author(author, *, full: bool = False) -> dict:
    """Who an article is by: a person, or a desk of the newsroom (an organisation)."""
    data = {
        "@type": "Organization" if author.is_desk else "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url()),
    }
    if full and author.bio:
        data["description"] = author.bio
    return data


def _version(article, language: str) -> dict:
    with translation.override(language):
        url = absolute_url(article.get_absolute_url())
    return {
        "@type": "NewsArticle",
        "headline": _in(language, article, "headline"),
        "inLanguage": language,
        "url": url,
    }


def news_article(article, language: str, *, image_url: str | None = None) -> dict:
    """The article in ``language``, linked to its original or its translation; its image is
    ``image_url`` (its lead image's crop) or the site's card."""
    url = absolute_url(article.get_absolute_url())
    officials = {
        item.quote.official_id: item.quote.official
        for item in article.body_in(language)
        if item.quote_id
    }
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.lead,
        "inLanguage": language,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at,  # a draft's preview has none yet
        # When its text last changed for readers, not any save (``news.updates``).
        "dateModified": article.last_updated,
        "image": [image_url or absolute_url(static("img/share.png"))],
        "author": [author(each) for each in article.authors_in(language)] or None,
        "publisher": publisher(),
        "isBasedOn": article.source_url,
        "about": [organization(org, full=False) for org in article.organisations_in(language)],
        "mentions": [person(official) for official in officials.values()],
    }
    data = {key: value for key, value in data.items() if value is not None}
    if language != SOURCE_LANGUAGE:
        data["translationOfWork"] = _version(article, SOURCE_LANGUAGE)
    else:
        data["workTranslation"] = [
            _version(article, code)
            for code, _name in settings.LANGUAGES
            if code != SOURCE_LANGUAGE and article.is_available_in(code)
        ]
        if not data["workTranslation"]:
            del data["workTranslation"]
    return data


def with_context(data: dict) -> dict:
    return {"@context": CONTEXT, **data}
