from django.core.management.base import BaseCommand

from clients.services.pool import pool_expire_due


class Command(BaseCommand):
    help = "R-POOL-1: move leads past their protection into the shared pool (set-based)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the due leads.")

    def handle(self, *args, dry_run: bool, **options):
        moved = pool_expire_due(dry_run=dry_run)
        verb = "would move" if dry_run else "moved"
        self.stdout.write(f"expire_leads: {verb} {moved} lead(s) to the pool.")
