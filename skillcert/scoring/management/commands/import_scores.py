from skillcert.scoring.imports import scores_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a subject sitting's scores (考試通知碼/身分證字號, 到考, 原始分數) with a row report."
    importer = staticmethod(scores_import)
