from django.core.management.base import BaseCommand

from skillcert.accounts.roles import roles_setup


class Command(BaseCommand):
    help = "Create or refresh the staff role groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        for role, count in roles_setup().items():
            self.stdout.write(f"{role}: {count} permissions")
