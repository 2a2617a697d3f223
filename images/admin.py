"""The media library: editors upload and describe images, translators write their
English, everyone finds them by what they show."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import EditorialForm
from core.limits import accepts_uploads
from images import renditions
from images.forms import ImageUploadField
from images.models import Image
from images.uploads import discard_files_on_failure
from translations.admin import TranslatedContentAdmin

THUMBNAIL_WIDTH = 480


def thumbnail(image: Image, width: int = 120):
    if not image.file:
        return "—"
    url = renditions.rendition(image, width=THUMBNAIL_WIDTH).url
    height = renditions.scaled_height(image, width) if image.width else width
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" class="image-thumbnail">',
        url,
        image.alt,
        width,
        height,
    )


@admin.register(Image)
class ImageAdmin(TranslatedContentAdmin):
    accusative_name = pgettext_lazy("accusative", "image")
    form = EditorialForm
    list_display = ["preview", "alt", "caption", "credit", "dimensions", "modified_at"]
    list_display_links = ["preview", "alt"]
    search_fields = ["alt_ru", "alt_en", "caption_ru", "caption_en", "credit_ru", "credit_en"]
    readonly_fields = ["preview_large", "dimensions"]
    list_per_page = 40

    fieldsets = [
        (None, {"fields": ["file", "preview_large", "dimensions", "loaded_version"]}),
        (_("Description"), {"fields": ["alt", "caption", "credit"]}),
        (_("Crop"), {"fields": [("focal_x", "focal_y"), "focal_point_picker"]}),
    ]

    class Media:
        js = ["js/focal-point.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.is_translator(request):
            # The picture above the texts it describes.
            options = fieldsets[0][1]
            return [(None, {**options, "fields": ["preview_large", *options["fields"]]})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "preview_large",
            "dimensions",
            "focal_point_picker",
        ]
        return list(dict.fromkeys(fields))  # the translator's list lacks them, the editor's not

    @admin.display(description=_("image"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("image"))
    def preview_large(self, obj):
        return thumbnail(obj, width=THUMBNAIL_WIDTH) if obj and obj.pk else "—"

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        """The picture with a marker at its focal point, to move it by pointing
        (``js/focal-point.js``), and the crops it makes as saved."""
        if not (obj and obj.pk and obj.file and obj.width):
            return _("Once the image is saved, its focal point can be picked on the picture.")
        card_width, card_height = renditions.SHARE_CARD
        preview_width = min(obj.width, THUMBNAIL_WIDTH)
        return render_to_string(
            "admin/images/focal_point_picker.html",
            {
                "focal_x": obj.focal_x,
                "focal_y": obj.focal_y,
                "preview_url": renditions.rendition(obj, width=THUMBNAIL_WIDTH).url,
                "preview_width": preview_width,
                "preview_height": renditions.scaled_height(obj, preview_width),
                "card_url": renditions.share_card_url(obj),
                "card_width": card_width,
                "card_height": card_height,
                "card_preview_height": round(240 * card_height / card_width),
                "square_url": renditions.square_url(obj),
            },
        )

    @admin.display(description=_("size in pixels"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj and obj.width else "—"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            field = db_field.formfield(form_class=ImageUploadField, **kwargs)
            field.widget.attrs["accept"] = ImageUploadField.accept()
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        # Only the library's add and change forms take files, and only images' worth.
        from django.conf import settings

        urls = super().get_urls()
        opts = self.model._meta
        upload_routes = {
            f"{opts.app_label}_{opts.model_name}_add",
            f"{opts.app_label}_{opts.model_name}_change",
        }
        for pattern in urls:
            if getattr(pattern, "name", None) in upload_routes:
                pattern.callback = accepts_uploads(settings.IMAGE_MAX_FILE_SIZE)(pattern.callback)
        return urls

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A save that fails after the file was written leaves no file behind.
        with discard_files_on_failure():
            return super().changeform_view(request, object_id, form_url, extra_context)
