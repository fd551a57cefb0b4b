from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data of both brochures (placeholder until the catalog loader lands)."

    def handle(self, *args, **options):
        self.stdout.write("demo data: nothing yet")
