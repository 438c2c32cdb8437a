from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clients.imports import clients_import, clients_import_check


class Command(BaseCommand):
    help = "R-CLI-6: import clients from an .xlsx file (validated row by row)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only check the rows.")
        parser.add_argument("--only-valid", action="store_true", help="Skip rows with errors.")

    def handle(self, *args, file: str, dry_run: bool, only_valid: bool, **options):
        with open(file, "rb") as handle:
            content = handle.read()
        try:
            if dry_run:
                result = clients_import_check(content)
            else:
                result = clients_import(actor=None, content=content, only_valid=only_valid)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for error in result.errors:
            self.stdout.write(error.text)
        for change in result.changed:
            self.stdout.write(change.text)
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(unchanged)s unchanged, %(changed)s differing "
                "(left as they are), %(errors)s with errors; %(imported)s imported."
            )
            % {
                "rows": result.rows,
                "new": len(result.valid),
                "unchanged": len(result.unchanged),
                "changed": result.changed_rows,
                "errors": result.error_rows,
                "imported": result.imported,
            }
        )
        if result.errors and not dry_run and not only_valid:
            raise CommandError(_("Nothing imported: fix the errors or pass --only-valid."))
