from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a dump written by `backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--database-name", help="another empty database on the same server, instead"
        )

    def handle(self, *args, file, database_name, **options):
        try:
            restore(file, database_name=database_name)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
