from django.core.management.base import BaseCommand

from clients.exports import clients_write_xlsx
from clients.models import Client


class Command(BaseCommand):
    help = "R-CLI-6: export every client to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)

    def handle(self, *args, out: str, **options):
        clients = Client.objects.select_related("current_lead__owner").order_by("pk")
        with open(out, "wb") as handle:
            count = clients_write_xlsx(clients, handle)
        self.stdout.write(f"Exported {count} clients to {out}.")
