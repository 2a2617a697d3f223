"""Health endpoints, for the load balancer and whatever supervises the web processes.

``/health/live`` says the process answers (liveness). It touches nothing: a slow database
must take a machine out of the load balancer's rotation, never get its processes killed.
``/health/ready`` says this machine can serve pages (readiness): the database, the cache
(and its read replica, when it has one), the cache and the media store answer,
checked by django-health-check's own checks.

Both are answered first in the middleware stack. A probe comes by the machine's own
address (a Host the site does not serve), in plain HTTP behind the proxy that terminates
TLS, without cookies: it must get its answer, not a 400 for its Host nor a redirect to
HTTPS. Never cached (``no-store``), in no sitemap. A failing check answers 503 and is
logged by the library as a warning; the 503 itself is not logged as a server error,
since a dependency that is down is the monitoring's news, not a bug of the site.
"""

import asyncio

from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from health_check.views import HealthCheckView

LIVE = "/health/live"
READY = "/health/ready"


class Readiness(HealthCheckView):
    """The library's checks, answered in plain text whatever the probe accepts, with 503
    (Service Unavailable, which load balancers understand) when one fails."""

    @property
    def checks(self):
        # Each database: the primary, and the read replica when there is one.
        databases = [
            ("health_check.checks.Database", {"alias": alias}) for alias in settings.DATABASES
        ]
        return (*databases, "health_check.checks.Cache", "health_check.checks.Storage")

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        ready = not any(result.error for result in self.results)
        return self.render_to_response_text(200 if ready else 503)


_readiness = async_to_sync(Readiness.as_view())


def _alive(request) -> HttpResponse:
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


class HealthMiddleware:
    """Answers the two probes before anything else looks at the request (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info == LIVE:
            return _alive(request)
        if request.path_info == READY:
            response = _readiness(request)
            response._has_been_logged = True  # see the module's docstring
            return response
        return self.get_response(request)
