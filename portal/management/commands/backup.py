from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent dump of the database (pg_dump) to var/backups/."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="instead of var/backups/")

    def handle(self, *args, directory, **options):
        try:
            path = backup(directory)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
