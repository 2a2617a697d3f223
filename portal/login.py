"""Signing in to the admin: the lockouts of django-axes as the portal sets them."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.two_factor import second_factor_required


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler that also locks an address out, whatever the user names, once
    it has ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures within the cool-off.

    Not the address as a second AXES_LOCKOUT_PARAMETERS entry: axes 8 holds every entry to
    the one AXES_FAILURE_LIMIT (five: an office behind one address would lock itself out),
    and a login resets the attempts matching any entry, so a colleague's login from the
    same office would lift an editor's lockout.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        from_address = (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address,
                attempt_time__gte=get_cool_off_threshold(request),
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        if from_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # axes locks out when this reaches AXES_FAILURE_LIMIT: every name is at it.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def user_logged_in(self, sender, request, user, **kwargs):
        # A password that the second factor must follow is half a login: it must not clear
        # the name's failures, or a thief with the password could reset the count of wrong
        # codes at every fourth one. The second factor clears them (portal.two_factor).
        request.axes_login_incomplete = second_factor_required(user)
        super().user_logged_in(sender, request, user, **kwargs)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        if getattr(request, "axes_login_incomplete", False):
            return 0
        return super().reset_user_attempts(request, credentials)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse, credentials: dict | None
) -> HttpResponse:
    """The answer to a login refused by a lockout (AXES_LOCKOUT_CALLABLE): an admin page in
    the reader's language, where axes would give one bare sentence."""
    context = {
        **admin.site.each_context(request),
        "title": _("Logging in is locked for a while"),
        "cool_off_minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    return render(
        request, "admin/login_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def client_address(request: HttpRequest) -> str:
    """The address a login comes from: behind ``PROXY_COUNT`` proxies, the one the nearest
    proxy wrote into X-Forwarded-For (entries further left are the client's to forge);
    otherwise the connection's own."""
    if settings.PROXY_COUNT:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")
