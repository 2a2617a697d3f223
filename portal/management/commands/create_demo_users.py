import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.roles import EDITORS, TRANSLATORS, setup_roles

DEMO_USERS = {"editor": EDITORS, "translator": TRANSLATORS}


class Command(BaseCommand):
    help = (
        "Development only: one demo user per role, each with a new random password, printed. "
        "Refuses to run with DJANGO_DEBUG off, so production has no default accounts."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for development only (DJANGO_DEBUG is off).")
        groups = setup_roles()
        User = get_user_model()
        self.stdout.write("Log into the admin at /admin/ as:")
        for username, role in DEMO_USERS.items():
            password = secrets.token_urlsafe(12)
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([groups[role]])
            self.stdout.write(
                f"  {role[:-1].lower():<10}  user {username:<10}  password {password}"
            )
        if settings.PORTAL_REQUIRE_2FA:
            self.stdout.write(
                "They enrol an authenticator app at their first login (PORTAL_REQUIRE_2FA is on)."
            )
        else:
            self.stdout.write(
                "No second factor is asked in development (PORTAL_REQUIRE_2FA is off); "
                "production asks every staff account for one."
            )
