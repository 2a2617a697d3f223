from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        import reversion

        from portal.models import UNVERSIONED_FIELDS

        # Registered once modeltranslation has added the language fields (see news.apps).
        for model_name in ("Organisation", "Official", "Quote"):
            reversion.register(self.get_model(model_name), exclude=UNVERSIONED_FIELDS)
