from django.core.management.base import BaseCommand

from news.services import load_shipped_content


class Command(BaseCommand):
    help = "Load the portal's own content (news/content/*.json). Running it again changes nothing."

    def handle(self, *args, **options):
        report = load_shipped_content()
        for line in report.created:
            self.stdout.write(f"created {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} created, {len(report.present)} already present"
            )
        )
