"""The images in an S3-compatible store, as MEDIA_S3_* configure it. moto's server stands in
for the real store: a local S3 API, started here, spoken to through boto3."""

import io

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image as PillowImage

from images import renditions
from tests.factories import ImageFactory
from tests.portal.test_settings import development_settings

pytestmark = pytest.mark.django_db

BUCKET = "portal-media"
KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "testing", "MEDIA_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def storage_configured_by(**environ: str) -> dict:
    """``STORAGES["default"]`` as the settings read it from ``environ``."""
    return development_settings(
        "{**settings.STORAGES['default'],"
        " 'img-src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}",
        **environ,
    )


def test_without_a_bucket_images_stay_on_disk():
    storage = storage_configured_by()
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["img-src"] == ["'self'", "data:"]


def test_an_image_and_its_renditions_go_to_the_configured_bucket(settings, s3_endpoint):
    storage = storage_configured_by(
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=s3_endpoint,
        MEDIA_S3_REGION="us-east-1",
        **KEYS,
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    # Pages may load images from the store.
    assert s3_endpoint in storage.pop("img-src")
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": storage}

    image = ImageFactory(file__width=1000, file__height=500)
    url = renditions.rendition(image, width=480, image_format="WEBP").url

    keys = {entry["Key"] for entry in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys
    key = next(key for key in keys if key.endswith(".webp"))
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/") and url.endswith(key)
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    rendition = PillowImage.open(io.BytesIO(body))
    assert (rendition.format, rendition.size) == ("WEBP", (480, 240))


def test_clean_media_works_on_the_bucket(settings, s3_endpoint):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from images import cleanup

    storage = storage_configured_by(
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=s3_endpoint,
        MEDIA_S3_REGION="us-east-1",
        **KEYS,
    )
    storage.pop("img-src")
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": storage}

    image = ImageFactory(file__width=1000, file__height=500)
    kept_rendition = renditions.rendition(image, width=480).url.rsplit(f"/{BUCKET}/", 1)[-1]
    orphan = default_storage.save("images/2026/01/s3-orphan.jpg", ContentFile(b"x"))
    orphan_rendition = default_storage.save(
        "CACHE/images/images/2026/01/s3-orphan/0123.webp", ContentFile(b"x")
    )

    assert kept_rendition in cleanup.walk(default_storage, "CACHE")
    # Just written: kept.
    assert orphan in cleanup.plan().recent
    # Two hours on, the bucket's modified times say they are old enough.
    found = cleanup.plan(now=timezone.now() + timedelta(hours=2))
    assert orphan in found.originals and orphan_rendition in found.renditions
    assert image.file.name not in found.files and kept_rendition not in found.files
