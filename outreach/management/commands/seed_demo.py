from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.demo import DEMO_PASSWORD, DemoConflict, seed_demo


class Command(BaseCommand):
    help = "Create a realistic small demo organisation (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply groups and people.")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, scale: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Refusing to add demo users; "
                "pass --force if you really mean it."
            )
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        try:
            added = seed_demo(scale=scale, stdout=self.stdout)
        except DemoConflict as conflict:
            raise CommandError(f"Demo data conflicts with this database: {conflict}") from None
        self.stdout.write(
            f"Demo organisation ready: {added['people']} people and {added['groups']} groups "
            "added (0 means it was already there)."
        )
        self.stdout.write(
            "Log in with manager / salesmgr / hr / admin / leader1 / canvasser1 / consultant1, "
            f'password {DEMO_PASSWORD} (README\'s "Demo logins" lists them all)'
        )
