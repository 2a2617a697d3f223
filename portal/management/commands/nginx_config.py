import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine
from django.utils import translation

from core.limits import largest_body_accepted, too_large_message

TEMPLATE = Path(settings.BASE_DIR) / "portal" / "nginx.conf"


def nginx_string(text: str) -> str:
    # Inside nginx's double quotes a quote ends the string and $ starts a variable.
    if any(character in text for character in '"$\\\n'):
        raise CommandError(f"A message nginx cannot quote as it is: {text!r}")
    return text


def media_from_disk() -> dict | None:
    """Where nginx finds the uploaded images, when they are on this machine's disk (not in
    an object store, which serves them itself)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    if not settings.MEDIA_URL.startswith("/"):
        return None
    return {"url": settings.MEDIA_URL, "root": Path(settings.MEDIA_ROOT).resolve()}


def render(*, listen: str, upstream: str) -> str:
    max_body_size = largest_body_accepted()
    too_large = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            too_large[language] = nginx_string(too_large_message(max_body_size))
    template = Engine(autoescape=False).from_string(TEMPLATE.read_text())
    return template.render(
        Context(
            {
                "listen": listen,
                "upstream": upstream,
                "max_body_size": max_body_size,
                "too_large": too_large,
                "as_root": os.geteuid() == 0,
                "media": media_from_disk(),
            }
        )
    )


class Command(BaseCommand):
    help = (
        "Write the configuration of nginx in front of gunicorn (from portal/nginx.conf) "
        "to DIRECTORY/nginx.conf, for `nginx -p DIRECTORY -c nginx.conf`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8000", help="where nginx listens")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="gunicorn's address")
        parser.add_argument("--directory", type=Path, default=settings.VAR_DIR / "nginx")

    def handle(self, *args, listen, upstream, directory, **options):
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "nginx.conf"
        path.write_text(render(listen=listen, upstream=upstream))
        self.stdout.write(str(path))
