"""The media library: pictures uploaded once and shown wherever an editor chooses them,
described in each language (alt text, caption, credit), cropped around their focal point."""

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.effects import ContentQuerySet
from core.models import EditorialModel
from images.uploads import check_image_file, file_saved


def check_new_upload(value) -> None:
    """The upload checks, on a file not yet stored (and not checked by the form already)."""
    if getattr(value, "_committed", True):
        return
    if getattr(getattr(value, "file", None), "checked_format", None):
        return
    check_image_file(value)


#: Where uploads are kept in the media storage (``images.cleanup`` looks there only).
UPLOAD_DIR = "images"


def upload_to(image: "Image", filename: str) -> str:
    """A name of its own for every upload: neither the editor's file name nor a clash."""
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"{UPLOAD_DIR}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ending}"


def fraction(verbose_name, help_text) -> models.FloatField:
    return models.FloatField(
        verbose_name,
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=help_text,
    )


class Image(EditorialModel):
    file = models.ImageField(
        _("file"),
        upload_to=upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
        validators=[check_new_upload],
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("The author or source.")
    )
    focal_x = fraction(
        _("focal point, across"),
        _("Where crops keep the subject: 0 is the left edge, 1 the right, 0.5 the middle."),
    )
    focal_y = fraction(
        _("focal point, down"),
        _("Where crops keep the subject: 0 is the top edge, 1 the bottom, 0.5 the middle."),
    )

    translation_records = GenericRelation("translations.FieldTranslation")

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("translate_image", _("Can translate images' texts into English"))]
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(alt_ru__gt=""),
                name="image_russian_alt_required",
                violation_error_message=_("The Russian alt text is required."),
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message=_("The focal point lies inside the picture (0 to 1)."),
            ),
        ]

    def __str__(self) -> str:
        return self.alt or self.file.name

    def text_in(self, field: str, language: str) -> str:
        """``field`` (alt, caption, credit) as written in ``language``: an English page shows
        no Russian in its stead."""
        return getattr(self, f"{field}_{language}", "") or ""

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    def save(self, *args, **kwargs):
        new_upload = bool(self.file) and not self.file._committed
        try:
            super().save(*args, **kwargs)
        finally:
            # Written in the save (the field's pre_save), whether or not the rest of it
            # went through.
            if new_upload and self.file._committed:
                file_saved(self.file.name)
