from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project: its settings, addresses, management commands and migrations of old."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import audit  # noqa: F401  (its receivers log logins)
