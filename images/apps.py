from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self):
        from django.conf import settings
        from PIL import Image as PillowImage

        from core.registry import Content, register
        from images import cleanup
        from images.models import Image

        # Pillow's own guard against decompression bombs, at the portal's limit: uploads are
        # checked against it before any pixel is decoded (images.uploads).
        PillowImage.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS

        # A change of an image (its alt text, its crop) renews the pages that show it.
        register(Content(Image, translated=True, dashboard_prefetch=("translation_records",)))

        # A deleted image's file and renditions go once the deletion is committed.
        cleanup.connect()
