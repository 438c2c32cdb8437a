from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from attendance import services
from outreach.dates import today


class Command(BaseCommand):
    help = "R-ATT-6: record absences for a day (default: yesterday). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options):
        try:
            day = (
                date.fromisoformat(options["date"])
                if options["date"]
                else today() - timedelta(days=1)
            )
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        count = services.absence_detect(day=day)
        self.stdout.write(f"{day}: {count} absence(s) recorded")
