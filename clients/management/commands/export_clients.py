from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from clients.exports import clients_write_xlsx
from clients.selectors import clients_for_export


class Command(BaseCommand):
    help = (
        "R-CLI-6: export every client to an .xlsx file, in the columns import_clients reads "
        "(headers and list values in the active language, LANGUAGE_CODE by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)

    def handle(self, *args, out: str, **options):
        clients = clients_for_export()
        with open(out, "wb") as handle:
            count = clients_write_xlsx(clients, handle)
        self.stdout.write(
            _("Exported %(count)s clients to %(out)s.") % {"count": count, "out": out}
        )
