"""The second factor of staff logins (django-otp): after the password, a one-time code from
an authenticator app (TOTP), or one of ten single-use recovery codes.

A staff session that has not passed it is refused on every admin page, the translators'
included, and sent to enrol (no confirmed app yet) or to give a code. Wrong codes count as
failed logins in django-axes, so they lock the name and address out as wrong passwords do.
"""

import base64
import binascii
import secrets

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import Event, record

# The session's TOTP secret while the app is being enrolled: nothing is stored before the
# first code proves the app has it.
PENDING_KEY_SESSION_KEY = "second_factor_pending_key"
TOTP_DIGITS = 6


def second_factor_required(user) -> bool:
    """Must ``user`` pass a second factor before the admin lets them in: every staff account
    (editors, translators, superusers), unless PORTAL_REQUIRE_2FA is off (development)."""
    return bool(
        settings.PORTAL_REQUIRE_2FA
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
    )


def second_factor_pending(request) -> bool:
    """Has this session given its password but not yet its second factor?"""
    return second_factor_pending_for(request.user)


def second_factor_pending_for(user) -> bool:
    """``user`` is the request's user, as django-otp's middleware marks it verified or not."""
    return second_factor_required(user) and not user.is_verified()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class SecondFactorMiddleware:
    """A staff session that has given its password but not its second factor is sent from
    any admin address (a forged one too) to the second factor's page, which leads back; on
    the rest of the site (an article's preview) it is anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")):
            if second_factor_pending(request) and not self._open(request):
                return redirect(_second_factor_url(request.user, self._wanted(request)))
        else:
            # Read when a view asks who is there, so that public pages pay nothing.
            user = request.user
            request.user = SimpleLazyObject(
                lambda: AnonymousUser() if second_factor_pending_for(user) else user
            )
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        """The pages a session between its two factors may see: the second factor's, and
        logging out or in again as someone else."""
        if request.path in {reverse("second_factor"), reverse("second_factor_enrol")}:
            return True
        if request.path == reverse("admin:logout"):
            return True
        return request.path == reverse("admin:login") and request.method == "POST"

    @staticmethod
    def _wanted(request) -> str:
        """Where the second factor leads back to: the page asked for, or the ``next`` of a
        login page (a preview sends there to log in)."""
        if request.method != "GET":
            return ""
        if request.path == reverse("admin:login"):
            return request.GET.get("next", "")
        return request.get_full_path()


def _second_factor_url(user, next_page: str = "") -> str:
    url = reverse("second_factor" if has_authenticator(user) else "second_factor_enrol")
    return f"{url}?{urlencode({'next': next_page})}" if next_page else url


def _next_page(request) -> str:
    """Where to go once verified: a ``next`` on this site, else the admin's index."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def _refused(request, form) -> None:
    """A wrong code: a failed login for django-axes (and the audit log), which locks the
    name and address out at the fifth, as wrong passwords do."""
    form.add_error("code", _("This code is not right, or has been used already."))
    user_login_failed.send(
        sender=__name__, credentials=_credentials(request.user), request=request, second_factor=True
    )


def _page(request, template: str, **context):
    return render(
        request,
        f"admin/two_factor/{template}",
        {**admin.site.each_context(request), "next": _next_page(request), **context},
    )


def _verified(request, device, **details):
    """The second factor is passed: the session is verified, and only now does the login
    clear the name's failures (a password alone must not wipe the failed codes)."""
    otp_login(request, device)
    request.session.cycle_key()
    AxesProxyHandler.get_implementation().reset_user_attempts(request, _credentials(request.user))
    record(
        Event.SECOND_FACTOR_PASSED, request.user, actor=request.user, device=device.name, **details
    )


def _locked(request) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(request.user))


@never_cache
def verify(request):
    """Give a code from the app, or a recovery code."""
    if not second_factor_pending(request):
        return redirect(_next_page(request) if request.user.is_authenticated else "admin:login")
    if not has_authenticator(request.user):
        return redirect(_second_factor_url(request.user, _next_page(request)))
    if _locked(request):
        return get_lockout_response(request, None, _credentials(request.user))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(request.user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            return redirect(_next_page(request))
        _refused(request, form)
    return _page(request, "verify.html", form=form, title=_("Second step of logging in"))


def _matching_device(user, code: str):
    """The device that accepts ``code``: the app for six digits, else the recovery codes."""
    if code.isdigit() and len(code) == TOTP_DIGITS:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(code):
                return device
    return None


@never_cache
def enrol(request):
    """Set up the authenticator app: scan the QR code (drawn here, as SVG), give its first
    code; then the ten recovery codes are shown, once."""
    if not second_factor_pending(request):
        return redirect(_next_page(request) if request.user.is_authenticated else "admin:login")
    if has_authenticator(request.user):
        return redirect(_second_factor_url(request.user, _next_page(request)))
    if _locked(request):
        return get_lockout_response(request, None, _credentials(request.user))
    key = _pending_key(request)
    device = TOTPDevice(user=request.user, key=key, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _first_code_matches(device, form.cleaned_data["code"]):
            recovery_codes = _confirm(device)
            del request.session[PENDING_KEY_SESSION_KEY]
            _verified(request, device, enrolled=True)
            return _page(
                request,
                "recovery_codes.html",
                recovery_codes=recovery_codes,
                title=_("Your recovery codes"),
            )
        _refused(request, form)
    return _page(
        request,
        "enrol.html",
        form=form,
        title=_("Set up the second step of logging in"),
        qr_code=segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff"),
        secret=base64.b32encode(binascii.unhexlify(key)).decode(),
    )


def _first_code_matches(device: TOTPDevice, code: str) -> bool:
    """Does the app give the codes of ``device``? Checked without saving it, as its own
    check would (django-otp's throttling writes the device down, even on a wrong code)."""
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return False
    codes = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not codes.verify(int(code), device.tolerance):
        return False
    device.last_t = codes.t()  # this code cannot log in again
    return True


def _pending_key(request) -> str:
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = secrets.token_hex(20)
        request.session[PENDING_KEY_SESSION_KEY] = key
    return key


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """Keep the app, and make the user's recovery codes anew: returned to be shown once."""
    device.confirmed = True
    device.save()
    recovery, _created = StaticDevice.objects.get_or_create(
        user=device.user, defaults={"name": _("Recovery codes")}
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes
