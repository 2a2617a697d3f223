"""The audit log in the admin (core.audit): read only, for superusers and those given
"Can view log entry" of the audit log; editors and translators do not see it."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.audit import Event


class AuditLogAdmin(LogEntryAdmin):
    """django-auditlog's own admin (no adding, changing or deleting entries, whoever asks),
    naming the events the portal records beside the changes it logs by itself."""

    list_display = ["created", "resource_url", "event", "msg_short", "user_url", "remote_addr"]
    search_fields = [*LogEntryAdmin.search_fields, "remote_addr"]
    readonly_fields = [*LogEntryAdmin.readonly_fields, "event", "remote_addr", "details"]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "remote_addr", "resource_url"]}),
        (_("What was done"), {"fields": ["event", "details", "action", "msg"]}),
    ]

    @admin.display(description=_("event"))
    def event(self, entry: LogEntry) -> str:
        name = (entry.additional_data or {}).get("event")
        return Event(name).label if name in Event.values else entry.get_action_display()

    @admin.display(description=_("details"))
    def details(self, entry: LogEntry) -> str:
        data = {k: v for k, v in (entry.additional_data or {}).items() if k != "event"}
        return "; ".join(f"{key}: {value}" for key, value in data.items())


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, AuditLogAdmin)
