from skillcert.scoring.imports import responses_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a CBT subject sitting's responses (one column per question) and grade them."
    importer = staticmethod(responses_import)
