from skillcert.scoring.imports import key_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a subject sitting's answer key (題號, 正確選項, 配分)."
    importer = staticmethod(key_import)
