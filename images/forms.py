from django import forms
from django.utils.translation import gettext_lazy as _

from images.uploads import allowed_endings, check_image_file


class ImageUploadField(forms.FileField):
    """An image upload checked by ``images.uploads`` before Django's form reads a pixel,
    so that each refusal says why, in the editor's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": self.accept()}))
        kwargs["help_text"] = _("JPEG, PNG, WebP or AVIF.")
        super().__init__(**kwargs)

    @staticmethod
    def accept() -> str:
        return ",".join(f".{ending}" for ending in allowed_endings())

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.checked_format = check_image_file(upload)
        return upload
