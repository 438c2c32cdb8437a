from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from payroll.montharg import parse_month
from payroll.services import payroll_run_calculate


class Command(BaseCommand):
    help = "Calculate (or recalculate) the payroll run of a month (R-PAY-8)."

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")

    def handle(self, *args, month: str, **options):
        try:
            run = payroll_run_calculate(month=parse_month(month))
        except (ValueError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        count = run.payslips.count()
        self.stdout.write(f"{run.month:%Y-%m}: {count} payslips calculated ({run.status}).")
        for warning in run.warnings:
            self.stdout.write(f"warning: {warning}")
