from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The pieces every app shares and that know no app: what content is (the registry),
    what a save does, the page cache, languages, roles, history and edit conflicts."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from core import dependencies, effects

        # Before the apps after it register their content: each is wired as it registers.
        effects.connect()
        dependencies.connect()
