from django.conf import settings

from core.languages import SOURCE_LANGUAGE, alternates_for_view


def languages(request):
    """The source language, and where a page lives in each language: pages that do not
    say (a 404, say) offer the home page in each; views that know better put their own
    ``alternates`` in the context."""
    return {"SOURCE_LANGUAGE": SOURCE_LANGUAGE, "alternates": alternates_for_view("news:index")}


def origin(request):
    """The site's public origin, for absolute URLs (``core/addresses.py``): never the
    request's Host."""
    return {"PORTAL_ORIGIN": settings.PORTAL_ORIGIN}
