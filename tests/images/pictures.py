"""Pictures made with Pillow, as uploads."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage


def picture_bytes(
    image_format: str = "JPEG", size=(1600, 900), colour="steelblue", exif=None
) -> bytes:
    buffer = io.BytesIO()
    picture = PillowImage.new("RGB", size, colour)
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(name: str = "photo.jpg", image_format: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(image_format, **kwargs))


def gps_exif() -> bytes:
    exif = PillowImage.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0)}  # GPSInfo: latitude
    return exif.tobytes()
