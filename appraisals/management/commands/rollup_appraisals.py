from django.core.management.base import BaseCommand, CommandError

from appraisals.rollup import appraisal_rollup


class Command(BaseCommand):
    help = "Create (if needed) and roll up an appraisal cycle: 2026Q3 or 2026 (R-APR-3)."

    def add_arguments(self, parser):
        parser.add_argument("period", help="2026Q3 for a quarter, 2026 for a year")

    def handle(self, *args, period: str, **options):
        try:
            result = appraisal_rollup(label=period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.message)
