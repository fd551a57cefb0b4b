"""The bank's daily credit file 入帳明細檔 (SPEC §6): two formats, parsed whole or refused whole.

A file with any malformed line is refused as a whole (line number and what is wrong), so
nothing is recorded from half a file. Times in the file are Asia/Taipei wall-clock times.

Fixed-width format (ASCII, one record per line, every record 78 characters; trailing spaces
may be trimmed; CR LF or LF). Positions are 1-based, inclusive:

    H  header — exactly one, first line
       1      record type "H"
       2–4    collecting bank code ("017")
       5–12   file date YYYYMMDD
       13–78  spaces
    D  detail — one per credit
       1      record type "D"
       2–17   bank transaction ID (letters/digits, left-justified, space-padded; unique per bank)
       18–25  value date YYYYMMDD
       26–31  value time HHMMSS
       32–45  virtual account number (14 digits)
       46–55  amount, integer NTD, zero-padded (10 digits)
       56–58  payer bank code (3 digits, or spaces if the bank does not give it)
       59–62  payer branch code (4 digits, or spaces)
       63–78  payer account (left-justified, space-padded, may be blank)
    T  trailer — exactly one, last line
       1      record type "T"
       2–9    number of D records (8 digits)
       10–23  sum of D amounts (14 digits)
       24–78  spaces

CSV format (UTF-8, BOM allowed, comma-separated, first row is this header exactly):

    bank_txn_id,value_date,value_time,account_number,amount,payer_bank,payer_branch,payer_account,payer_name

    value_date YYYY-MM-DD or YYYYMMDD; value_time HH:MM:SS or HHMMSS; amount digits only
    (thousands separators allowed: "1,200"); payer_* may be empty; payer_name free text.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from skillcert.core import clock

RECORD_LENGTH = 78
CSV_HEADER = [
    "bank_txn_id", "value_date", "value_time", "account_number", "amount",
    "payer_bank", "payer_branch", "payer_account", "payer_name",
]  # fmt: skip
MAX_ERRORS_SHOWN = 20
# The one size cap for a bank file, whichever door it comes through (back-office form, API).
MAX_BYTES = 50 * 1024 * 1024


def size_refusal(size: int) -> str | None:
    """Why a file of `size` bytes is refused before it is read, or None."""
    return _("檔案太大（上限 50 MB）。") if size > MAX_BYTES else None


TXN_RE = re.compile(r"^[0-9A-Za-z\-]{1,16}$")
ACCOUNT_RE = re.compile(r"^[0-9]{14}$")


@dataclass(frozen=True, slots=True)
class CreditLine:
    line_number: int
    bank_txn_id: str
    value_at: dt.datetime
    account_number: str
    amount: int
    payer_bank: str = ""
    payer_account: str = ""
    payer_name: str = ""


class BankFileError(ValueError):
    """The whole file is refused; `errors` lists (line number, what is wrong)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(self.message())

    def message(self) -> str:
        shown = [_("第 %(line)s 行：%(error)s") % {"line": n, "error": e} for n, e in self.errors[:MAX_ERRORS_SHOWN]]
        more = len(self.errors) - MAX_ERRORS_SHOWN
        if more > 0:
            shown.append(_("另有 %(n)s 個錯誤未列出。") % {"n": more})
        return _("檔案格式錯誤，整個檔案未匯入：") + "；".join(shown)


def _datetime(date_text: str, time_text: str) -> dt.datetime:
    date_text, time_text = date_text.replace("-", ""), time_text.replace(":", "")
    if not (re.fullmatch(r"[0-9]{8}", date_text) and re.fullmatch(r"[0-9]{6}", time_text)):
        raise ValueError
    day = dt.date(int(date_text[:4]), int(date_text[4:6]), int(date_text[6:]))
    moment = dt.time(int(time_text[:2]), int(time_text[2:4]), int(time_text[4:]))
    return dt.datetime.combine(day, moment, tzinfo=clock.TAIPEI)


def _check_fields(number: int, txn: str, account: str, amount_text: str, errors: list) -> int | None:
    before = len(errors)
    if not TXN_RE.match(txn):
        errors.append((number, _("銀行交易序號須為 1–16 個英數字（收到「%(v)s」）。") % {"v": txn}))
    if not ACCOUNT_RE.match(account):
        errors.append((number, _("虛擬帳號須為 14 位數字（收到「%(v)s」）。") % {"v": account}))
    amount = None
    if re.fullmatch(r"[0-9]{1,10}", amount_text) and int(amount_text) > 0:
        amount = int(amount_text)
    else:
        errors.append((number, _("金額須為正整數（收到「%(v)s」）。") % {"v": amount_text}))
    return amount if len(errors) == before else None


def _parse_fixed(lines: list[str]) -> list[CreditLine]:
    errors: list[tuple[int, str]] = []
    records = [(n, line.rstrip("\r\n").ljust(RECORD_LENGTH)) for n, line in enumerate(lines, start=1) if line.strip()]
    credits: list[CreditLine] = []
    if not records or records[0][1][0] != "H":
        raise BankFileError([(1, _("第一行須為表頭記錄（H）。"))])
    if records[-1][1][0] != "T":
        raise BankFileError([(records[-1][0], _("最後一行須為表尾記錄（T）。"))])
    for number, record in records[1:-1]:
        if len(record) != RECORD_LENGTH:
            errors.append(
                (number, _("每筆記錄須為 %(n)s 個字元（此行 %(m)s 個）。") % {"n": RECORD_LENGTH, "m": len(record)})
            )
            continue
        if record[0] != "D":
            errors.append((number, _("明細記錄須以 D 開頭（收到「%(v)s」）。") % {"v": record[0]}))
            continue
        txn, account, amount_text = record[1:17].strip(), record[31:45], record[45:55]
        amount = _check_fields(number, txn, account, amount_text, errors)
        try:
            value_at = _datetime(record[17:25], record[25:31])
        except ValueError:
            errors.append((number, _("入帳日期時間無效（收到「%(v)s」）。") % {"v": record[17:31]}))
            continue
        if amount is not None:
            payer_bank = (record[55:58] + record[58:62]).strip()
            credits.append(CreditLine(number, txn, value_at, account, amount, payer_bank, record[62:78].strip()))
    trailer_number, trailer = records[-1]
    count, total = trailer[1:9], trailer[9:23]
    if not (re.fullmatch(r"[0-9]{8}", count) and re.fullmatch(r"[0-9]{14}", total)):
        errors.append((trailer_number, _("表尾記錄的筆數或總金額不是數字。")))
    elif not errors and (int(count) != len(credits) or int(total) != sum(c.amount for c in credits)):
        errors.append(
            (
                trailer_number,
                _("表尾記錄為 %(count)s 筆、%(total)s 元，明細實為 %(n)s 筆、%(sum)s 元：檔案可能不完整。")
                % {"count": int(count), "total": int(total), "n": len(credits), "sum": sum(c.amount for c in credits)},
            )
        )
    if errors:
        raise BankFileError(errors)
    return credits


def _parse_csv(text: str) -> list[CreditLine]:
    reader = csv.reader(io.StringIO(text))
    try:
        return _csv_credits(reader)
    except csv.Error as error:  # a field over csv's limit (128 KB), a NUL byte, a stray quote
        raise BankFileError([(reader.line_num, _("CSV 格式錯誤（欄位過長或引號不成對）。"))]) from error


def _csv_credits(reader) -> list[CreditLine]:
    header = [cell.strip() for cell in next(reader, [])]
    if header != CSV_HEADER:
        raise BankFileError([(1, _("CSV 表頭須為：%(h)s") % {"h": ",".join(CSV_HEADER)})])
    errors: list[tuple[int, str]] = []
    credits: list[CreditLine] = []
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            errors.append((number, _("應有 %(n)s 個欄位，此行有 %(m)s 個。") % {"n": len(CSV_HEADER), "m": len(row)}))
            continue
        txn, date_text, time_text, account, amount_text, bank, branch, payer_account, name = (c.strip() for c in row)
        amount = _check_fields(number, txn, account, amount_text.replace(",", ""), errors)
        try:
            value_at = _datetime(date_text, time_text)
        except ValueError:
            errors.append((number, _("入帳日期時間無效（收到「%(v)s %(t)s」）。") % {"v": date_text, "t": time_text}))
            continue
        if amount is not None:
            credits.append(CreditLine(number, txn, value_at, account, amount, bank + branch, payer_account, name[:60]))
    if errors:
        raise BankFileError(errors)
    return credits


def detect_format(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if first.split(",")[0].strip() == CSV_HEADER[0]:
        return "csv"
    if first.startswith("H") and len(first) <= RECORD_LENGTH and re.fullmatch(r"[0-9]{3}", first[1:4]) is not None:
        return "fixed"
    raise BankFileError([(1, _("無法辨識的檔案格式：須為銀行固定長度格式（首行 H 表頭）或 CSV（首行為欄位名稱）。"))])


def parse_bank_file(content: bytes) -> tuple[str, list[CreditLine]]:
    """(format, credit lines) or BankFileError. Pure: touches no database."""
    if not content.strip():
        raise BankFileError([(1, _("檔案是空的。"))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise BankFileError([(line, _("檔案須為 UTF-8 或 ASCII 文字。"))]) from error
    if "\x00" in text:
        raise BankFileError([(1, _("這不是文字檔。"))])
    file_format = detect_format(text)
    if file_format == "csv":
        return file_format, _parse_csv(text)
    return file_format, _parse_fixed(text.splitlines())


def _fixed_detail(line: CreditLine) -> str:
    local = clock.local(line.value_at)
    bank, branch = (line.payer_bank + " " * 7)[:3], (line.payer_bank + " " * 7)[3:7]
    return (
        f"D{line.bank_txn_id:<16}{local:%Y%m%d%H%M%S}{line.account_number:>14}{line.amount:010d}"
        f"{bank}{branch}{line.payer_account:<16}"
    )


def render_fixed(lines: list[CreditLine], *, bank_code: str = "017", file_date: dt.date | None = None) -> str:
    """A fixed-width file for these credits (tests, the benchmark and demo data use it)."""
    file_date = file_date or clock.today()
    out = [f"H{bank_code}{file_date:%Y%m%d}".ljust(RECORD_LENGTH)]
    out += [_fixed_detail(line) for line in lines]
    out.append(f"T{len(lines):08d}{sum(line.amount for line in lines):014d}".ljust(RECORD_LENGTH))
    return "\r\n".join(out) + "\r\n"


def render_csv(lines: list[CreditLine]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for line in lines:
        local = clock.local(line.value_at)
        bank = line.payer_bank
        writer.writerow(
            [line.bank_txn_id, f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}", line.account_number, line.amount,
             bank[:3], bank[3:7], line.payer_account, line.payer_name]
        )  # fmt: skip
    return buffer.getvalue()
