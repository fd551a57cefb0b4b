from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the demo accounts (placeholder)."

    def handle(self, *args, **options):
        self.stdout.write("demo accounts: none yet")
