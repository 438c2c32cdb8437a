from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from payroll.exports import payroll_workbook
from payroll.montharg import parse_month
from payroll.selectors import payroll_run_for_month
from payroll.services import payroll_export_check


class Command(BaseCommand):
    help = "Write a calculated month's payroll workbook (R-PAY-9)."

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, month: str, out: str, lang: str, **options):
        try:
            run = payroll_run_for_month(parse_month(month))
            if run is None:
                raise CommandError(f"There is no payroll run for {month}; run_payroll first.")
            payroll_export_check(run)
        except (ValueError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        payroll_workbook(run, out, lang)
        self.stdout.write(f"Wrote {out} ({run.payslips.count()} payslips).")
