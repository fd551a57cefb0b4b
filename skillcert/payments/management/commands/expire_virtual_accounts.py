from django.core.management.base import BaseCommand

from skillcert.payments.services import virtual_accounts_expire_due


class Command(BaseCommand):
    help = "Mark virtual accounts past their deadline as expired (a scheduler runs it; safe to run twice)."

    def handle(self, *args, **options):
        self.stdout.write(f"expired {virtual_accounts_expire_due()} virtual accounts")
