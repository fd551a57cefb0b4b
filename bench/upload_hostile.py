"""Hostile spreadsheets (issue 14 §3, §5) against the one reader every upload uses
(`core.spreadsheets.read_spreadsheet`, here with the group upload's cap of 5,000 rows): the
1.6 KB workbook declaring A1:XFD1048576 with a cell in that corner, the 300 KB workbook whose
sheet inflates to 100 MB, 1.5 MB of 700,000 empty cells (and 590,000, just under the element
budget: the slowest workbook that is parsed), a 10,000-column-wide row, the mixed UTF-8/Big5 CSV, the 140 KB CSV
field, and, for scale, an honest 5,000-row template. Each case runs in a fresh process; prints
its answer, its time and its peak memory growth (RSS high-water mark and tracemalloc) against
the limits: refused within 10 s (target: seconds) and less than 50 MB of growth. Time is judged
on the process's CPU seconds, as a dedicated worker would see them: wall time on a shared
machine grows with its load. No database."""

import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIMIT_SECONDS, LIMIT_MB = 10, 50
CASES = (
    "dimension_bomb",
    "inflating_sheet",
    "empty_cells",
    "empty_cells_under_budget",
    "wide_row",
    "utf8_then_big5",
    "long_field",
    "honest_5000_rows",
)


def build(case: str) -> tuple[bytes, str]:
    from tests.security import hostile_files as hostile

    titles = ["身分證字號", "中文姓名", "E-mail", "報考考科", "考區"]
    if case == "wide_row":
        row = b"".join(b"<c><v>1</v></c>" for _ in range(10_000))
        sheet = [hostile.SHEET_HEAD, b"<sheetData><row>", row, b"</row></sheetData></worksheet>"]
        return hostile.workbook(sheet), "x.xlsx"
    if case == "empty_cells_under_budget":  # the slowest workbook the checks let through
        return hostile.empty_cells(titles, cells=590_000), "x.xlsx"
    if case == "honest_5000_rows":
        rows = [hostile.header_row(titles)]
        rows += [
            hostile.header_row([f"A1{n:08d}", "王小明", "a@example.com", "1,2", "台北"], n) for n in range(2, 5002)
        ]
        return hostile.workbook([hostile.SHEET_HEAD, b"<sheetData>", *rows, b"</sheetData></worksheet>"]), "x.xlsx"
    builder = {
        "dimension_bomb": hostile.dimension_bomb,
        "inflating_sheet": hostile.inflating_sheet,
        "empty_cells": hostile.empty_cells,
        "utf8_then_big5": hostile.utf8_then_big5_csv,
        "long_field": hostile.long_field_csv,
    }[case]
    return builder(titles), "x.csv" if "csv" in builder.__name__ else "x.xlsx"


def run_case(case: str) -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillcert.core.spreadsheets import SpreadsheetError, read_spreadsheet
    from skillcert.groups.upload import MAX_ROWS

    content, name = build(case)

    def read() -> str:
        try:
            rows = sum(1 for _row in read_spreadsheet(SimpleUploadedFile(name, content), max_rows=MAX_ROWS))
        except SpreadsheetError as error:
            return f"refused: {error.messages[0]}"
        return f"read {rows} rows"

    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    answer = read()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024
    tracemalloc.start()  # a second run: tracemalloc slows Python down, so it is not timed
    read()
    peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    met = "met" if cpu < LIMIT_SECONDS and max(peak_mb, grown_mb) < LIMIT_MB else "MISSED"
    print(f"{case}: {len(content):,} bytes; {answer}")
    print(f"{case}: {seconds:.3f} s ({cpu:.3f} s of CPU), RSS growth {grown_mb:.1f} MB, tracemalloc peak {peak_mb:.1f} MB "
          f"(limits < {LIMIT_SECONDS} s, < {LIMIT_MB} MB: {met})")  # fmt: skip


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        run_case(sys.argv[2])
    else:
        print(__doc__.splitlines()[0])
        for case in CASES:
            subprocess.run([sys.executable, __file__, "--case", case], check=True)
