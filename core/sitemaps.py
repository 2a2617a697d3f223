"""Sitemaps of pages in both languages, for the apps' own sitemaps to build on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from core.languages import LANGUAGES, SOURCE_LANGUAGE


class BilingualSitemap(Sitemap):
    """Every page in each of its languages, each listing the others as alternates, and the
    Russian original as x-default."""

    i18n = True
    alternates = True
    x_default = True

    # The site's public origin, whatever the request says (Django's view passes the
    # request's scheme and Host, and the sitemap is cached for everyone).
    def get_protocol(self, protocol=None):
        return urlsplit(settings.PORTAL_ORIGIN).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PORTAL_ORIGIN).netloc

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        # Django's x-default is the address without a language prefix, which this site
        # does not serve for every page: point it at the original instead.
        for url in urls:
            original = next(
                (alt for alt in url["alternates"] if alt["lang_code"] == SOURCE_LANGUAGE), None
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and original:
                    alternate["location"] = original["location"]
        return urls


class TranslatedSitemap(BilingualSitemap):
    """Each item in every language it is available in."""

    def get_languages_for_item(self, item):
        return [language for language in LANGUAGES if item.is_available_in(language)]

    def lastmod(self, item):
        return item.modified_at
