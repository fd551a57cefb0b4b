from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillcert.payments.bankfile import BankFileError
from skillcert.payments.imports import bank_file_import


class Command(BaseCommand):
    help = "Import the bank's credit file (fixed-width or CSV); safe to run twice on the same file."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            batch = bank_file_import(content=file.read_bytes(), filename=file.name, source="command")
        except BankFileError as error:
            raise CommandError(error.message()) from error
        self.stdout.write(
            f"batch {batch.pk} ({batch.file_format}): lines {batch.lines}, matched {batch.matched}, "
            f"exceptions {batch.exceptions}, duplicates skipped {batch.duplicates_skipped}"
        )
