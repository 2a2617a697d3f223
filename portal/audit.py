"""Who did what, for the audit log (``core.audit``): the request's user and address on
every entry, and the logins, failed ones included."""

from auditlog.middleware import AuditlogMiddleware
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject

from core.audit import Event, record
from portal.login import client_address


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with the client's address as the lockouts count it:
    its own takes the first entry of X-Forwarded-For, which the client writes as it likes."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request) or None

    @staticmethod
    def _get_remote_port(request):
        return None  # X-Forwarded-Port is the client's to forge too, and tells nothing

    @staticmethod
    def _get_actor(request):
        # Read when an entry is written, not on every request: public pages pay nothing,
        # and a login's own entries name who has just logged in.
        return SimpleLazyObject(lambda: request.user if request.user.is_authenticated else None)


@receiver(user_logged_in, dispatch_uid="audit_login")
def log_login(sender, request, user, **kwargs):
    record(Event.LOGIN, user, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def log_failed_login(sender, credentials, request=None, second_factor=False, **kwargs):
    """A wrong password (for a name that may not exist) or a wrong code."""
    User = get_user_model()
    name = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user = User.objects.filter(**{User.USERNAME_FIELD: name}).first() if name else None
    event = Event.SECOND_FACTOR_FAILED if second_factor else Event.LOGIN_FAILED
    record(event, user or User(**{User.USERNAME_FIELD: name}), username=name)
