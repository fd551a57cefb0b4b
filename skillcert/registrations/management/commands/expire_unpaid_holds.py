"""Run by a scheduler (e.g. every 10 minutes): expire unpaid holds past their deadline."""

from django.core.management.base import BaseCommand

from skillcert.registrations.services import registration_expire_unpaid


class Command(BaseCommand):
    help = "逾期未繳費的報名改為逾期並釋出名額（可重複執行）。"

    def handle(self, *args, **options):
        count = registration_expire_unpaid()
        self.stdout.write(f"expired {count}")
