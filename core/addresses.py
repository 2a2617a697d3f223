"""The site's public address, and absolute URLs made from it.

Absolute URLs end up in pages that the cache keeps for everyone (canonical and hreflang
links, share cards, JSON-LD, the sitemap, feeds): they come from ``PORTAL_ORIGIN``, never
from the request's Host header or scheme, which any client can set.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (an address on this site, such as ``reverse()`` gives) at the public origin."""
    return f"{settings.PORTAL_ORIGIN}{path}"
