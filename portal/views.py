from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from core.addresses import absolute_url
from core.languages import LANGUAGES


@require_GET
def robots_txt(request):
    """Crawl the site but not the admin and the search results; here are the sitemaps."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    for language in LANGUAGES:
        with translation.override(language):
            lines.append(f"Disallow: {reverse('search:results')}")
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    lines.append(f"Sitemap: {absolute_url(reverse('news_sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check, as a page of the site in the reader's language
    (Django's own page renders without the request, so with no language of its own)."""
    return render(request, "403_csrf.html", status=403)
