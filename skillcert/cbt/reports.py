"""The item-by-item report of an item import (QTI package or spreadsheet), kept as a row."""

from dataclasses import dataclass, field

from skillcert.core.audit import log_action

from .models import ItemImport


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)

    def ok(self, name, message: str) -> None:
        self.rows.append({"line": str(name), "ok": True, "message": str(message)})

    def refuse(self, name, message: str) -> None:
        self.rows.append({"line": str(name), "ok": False, "message": str(message)})

    def count(self, ok: bool) -> int:
        return sum(1 for row in self.rows if row["ok"] is ok)


def import_finish(*, subject, kind: str, filename: str, actor, report: ImportReport) -> ItemImport:
    record = ItemImport.objects.create(
        subject=subject,
        kind=kind,
        filename=(filename or "")[:200],
        imported_by=actor,
        accepted=report.count(True),
        refused=report.count(False),
        report=report.rows,
    )
    log_action(record, f"cbt.import_{kind}", actor=actor, data={"accepted": record.accepted, "refused": record.refused})
    return record
