"""Shared body of the import commands: a local file imported like an upload, report printed."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from skillcert.catalog.models import ExamSession, Subject


class ImportCommand(BaseCommand):
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="ExamSession id")
        parser.add_argument("subject", help="subject code (L11 …) of the session's level")
        parser.add_argument("file", type=Path, help=".xlsx or UTF-8 .csv")

    def handle(self, *args, session, subject, file, **options):
        try:
            sitting = ExamSession.objects.select_related("level").get(pk=session)
            subject_obj = sitting.level.subjects.get(code=subject)
        except (ExamSession.DoesNotExist, Subject.DoesNotExist) as error:
            raise CommandError(f"session {session} / subject {subject} not found") from error
        upload = SimpleUploadedFile(file.name, file.read_bytes())
        try:
            record = type(self).importer(session=sitting, subject=subject_obj, uploaded_file=upload)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for row in record.report:
            mark = "OK " if row["ok"] else "ERR"
            self.stdout.write(f"{mark} line {row['line']}: {row['message']}")
        self.stdout.write(f"accepted {record.accepted}, refused {record.refused}")
