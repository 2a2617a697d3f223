"""``manage.py clean_media [--dry-run]``: removes from the media storage the originals no
image names and the renditions of originals that are gone (``images.cleanup``). Safe while
the site runs: a file younger than an hour is kept, and a file an image names never goes."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from images import cleanup


class Command(BaseCommand):
    help = (
        "Remove from the media storage the original images that no image record names, "
        "and the renditions of originals that are gone. Files younger than an hour stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be removed, and remove nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        storage = default_storage
        found = cleanup.plan(storage)
        verb = "Would remove" if dry_run else "Removed"
        for name in found.files:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(f"{verb} {name}")
        for name in found.recent:
            self.stdout.write(
                f"Kept {name}: no image names it, but it is under an hour old (or of unknown age)"
            )
        self.stdout.write(
            f"{verb} {len(found.originals)} original(s) and {len(found.renditions)} "
            f"rendition(s); kept {len(found.recent)} recent file(s)."
        )
