from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translation")

    def ready(self):
        from core.registry import Content, register
        from translations import provenance

        # Written by the portal as English is saved, read by both roles; no history of
        # their own.
        register(Content(self.get_model("FieldTranslation"), edited=False, history=None))
        provenance.connect()
