"""The audit log of staff actions, kept by django-auditlog in its table.

Changes of records are logged by django-auditlog itself, wherever they are made (the
models and fields are in AUDITLOG_INCLUDE_TRACKING_MODELS: publications, roles and
permissions). What is no change of one record (a login, a restored version, a file of
translations imported or exported) is recorded here, as an entry whose ``additional_data``
names the event. Who and from where come from the request (``portal.audit``).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed to log in")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Passed the second factor")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Gave a wrong second-factor code")
    RESTORED = "restored", _("Restored an earlier version")
    RECOVERED = "recovered", _("Recovered a deleted record")
    IMPORTED = "imported", _("Imported translations (XLIFF)")
    EXPORTED = "exported", _("Exported for translation (XLIFF)")


def record(event: Event, about: models.Model, *, actor=None, **details) -> LogEntry:
    """Log ``event`` about the record ``about`` (the user, for what concerns no one record),
    done by ``actor`` (else the request's user), with ``details`` as the entry's data."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(about),
        object_pk=str(about.pk or ""),
        object_id=about.pk if isinstance(about.pk, int) else None,
        object_repr=str(about)[:200],
        action=LogEntry.Action.ACCESS,
        actor=actor,
        changes_text=str(event.label),
        additional_data={"event": event.value, **details},
    )


def events(about: models.Model | None = None):
    """The recorded events, newest first; those about ``about`` when given."""
    entries = LogEntry.objects.filter(additional_data__has_key="event")
    if about is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(about), object_pk=str(about.pk)
        )
    return entries.order_by("-timestamp", "-pk")
