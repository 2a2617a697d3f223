from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translation")

    def ready(self):
        from django.contrib.contenttypes.models import ContentType

        from core.registry import Content, register
        from translations import provenance

        def translated_item(record):
            return ContentType.objects.get_for_id(record.content_type_id).model_class(), (
                record.object_id
            )

        # Written by the portal as English is saved, read by both roles; no history of
        # their own. Public pages read them only for their item's translation note.
        register(
            Content(
                self.get_model("FieldTranslation"),
                edited=False,
                history=None,
                describes=translated_item,
            )
        )
        provenance.connect()
