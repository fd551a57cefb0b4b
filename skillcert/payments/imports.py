"""Bank credit file import 銀行入帳檔匯入 (SPEC §6): idempotent, in bulk, all or nothing.

The file is parsed whole first (bankfile.py); a malformed file is refused before anything
is written. Then, in one transaction, lines are handled in chunks: one query finds which
transaction IDs were imported before (skipped: re-importing a file changes nothing), one
locks the chunk's accounts, one locks their registrations, credit rows are inserted in bulk
(COPY on PostgreSQL, core/bulk.py), matched accounts move to paid with one UPDATE
(`core.states.transition_many`: the table checked once, audit rows in one COPY), and
registrations hear of their money through `signals.registration_payments_received` (bulk):
their receiver moves them to paid with `core.states.transition_many` (one UPDATE, audit rows
in one COPY) and queues each 繳費成功 e-mail in the outbox, in this transaction.
`payment_confirmed` goes out after commit.

Why not `registration_mark_paid` per line: it costs ~8 queries per registration and would cap
the import far below the 5,000 lines/s target. Its rule (awaiting_payment → paid, an audit
row with from/to/why, the candidate told) is applied in bulk by registrations. An account's
audit row names the batch; its MATCHED credit row, which bank transaction paid it. Finance's
one-off confirmations (settle.py) go through `services.virtual_account_confirm`, whose signal
registrations answers with `registration_mark_paid`."""

import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.bulk import insert_rows
from skillcert.core.states import transition_many
from skillcert.registrations.models import Registration, RegistrationStatus

from .bankfile import CreditLine, parse_bank_file
from .matching import AccountView, classify
from .models import AccountStatus, BankCredit, CreditStatus, ExceptionReason, ImportBatch, VirtualAccount
from .services import send_confirmed_after_commit
from .signals import RegistrationPayment, registration_payments_received

CHUNK_SIZE = 2000
IMPORT_LOCK_KEY = 0x5EC_017  # PostgreSQL advisory lock: one bank-file import at a time


@dataclass
class _Run:
    batch: ImportBatch
    actor: object
    now: object
    seen: set[str] = field(default_factory=set)  # transaction IDs met earlier in this file


def _chunks(lines: list[CreditLine]):
    for start in range(0, len(lines), CHUNK_SIZE):
        yield lines[start : start + CHUNK_SIZE]


def _locked_accounts(numbers: set[str]) -> dict[str, VirtualAccount]:
    accounts = VirtualAccount.objects.select_for_update().filter(number__in=numbers)
    return {account.number: account for account in accounts}


def _locked_registration_states(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(Registration.objects.select_for_update().filter(pk__in=ids).values_list("pk", "status"))


def _view(account: VirtualAccount, states: dict[int, str]) -> AccountView:
    return AccountView(
        pk=account.pk,
        amount=account.amount,
        status=account.status,
        deadline=account.deadline,
        registration_id=account.registration_id,
        registration_status=states.get(account.registration_id),
    )


def _credit_row(run: _Run, line: CreditLine, **fields) -> dict:
    return {
        "batch_id": run.batch.pk,
        "line_number": line.line_number,
        "bank_txn_id": line.bank_txn_id,
        "value_at": line.value_at,
        "account_number": line.account_number,
        "amount": line.amount,
        "payer_bank": line.payer_bank,
        "payer_account": line.payer_account,
        "payer_name": line.payer_name,
        "virtual_account_id": None,
        "registration_id": None,
        "duplicate_of_id": None,
        "status": CreditStatus.EXCEPTION,
        "reason": "",
        "detail": "",
        "resolution_note": "",
        "notified_at": None,
        **fields,
    }


def _split(run: _Run, chunk: list[CreditLine]) -> tuple[list[CreditLine], list[CreditLine]]:
    """(first occurrences to match, repeats of an ID met earlier in this file); IDs imported
    from an earlier file are skipped and counted."""
    imported_before = set(
        BankCredit.objects.filter(bank_txn_id__in={line.bank_txn_id for line in chunk}, duplicate_of__isnull=True)
        .exclude(batch=run.batch)
        .values_list("bank_txn_id", flat=True)
    )
    firsts, repeats = [], []
    for line in chunk:
        if line.bank_txn_id in imported_before:
            run.batch.duplicates_skipped += 1
        elif line.bank_txn_id in run.seen:
            repeats.append(line)
        else:
            run.seen.add(line.bank_txn_id)
            firsts.append(line)
    return firsts, repeats


def _import_chunk(run: _Run, chunk: list[CreditLine]) -> None:
    firsts, repeats = _split(run, chunk)
    accounts = _locked_accounts({line.account_number for line in firsts})
    states = _locked_registration_states({a.registration_id for a in accounts.values() if a.registration_id})
    rows, paid_accounts, paid_registrations = [], [], []
    for line in firsts:
        account = accounts.get(line.account_number)
        view = _view(account, states) if account is not None else None
        outcome = classify(number=line.account_number, amount=line.amount, value_at=line.value_at, account=view)
        registration_id = account.registration_id if account is not None else None
        if outcome.matched:
            account.status = AccountStatus.PAID  # a second line for this account in the file is ALREADY_PAID
            paid_accounts.append(account)
            if registration_id is not None:
                states[registration_id] = RegistrationStatus.PAID
                paid_registrations.append((registration_id, line))
        rows.append(
            _credit_row(
                run,
                line,
                virtual_account_id=account.pk if account is not None else None,
                registration_id=registration_id,
                status=CreditStatus.MATCHED if outcome.matched else CreditStatus.EXCEPTION,
                # The 繳費成功 e-mail is queued in this transaction (the outbox), below.
                notified_at=run.now if outcome.matched and registration_id is not None else None,
                reason=outcome.reason,
                detail=outcome.detail[:300],
            )
        )
    insert_rows(BankCredit, rows)
    _insert_repeats(run, repeats)
    _apply_matches(run, paid_accounts, paid_registrations)
    run.batch.matched += len(paid_accounts)
    run.batch.exceptions += len(rows) - len(paid_accounts) + len(repeats)


def _insert_repeats(run: _Run, repeats: list[CreditLine]) -> None:
    if not repeats:
        return
    first_pk = dict(
        BankCredit.objects.filter(
            batch=run.batch, bank_txn_id__in={line.bank_txn_id for line in repeats}, duplicate_of__isnull=True
        ).values_list("bank_txn_id", "pk")
    )
    detail = _("與本檔案較前面一筆的銀行交易序號相同。")
    insert_rows(
        BankCredit,
        [
            _credit_row(
                run,
                line,
                duplicate_of_id=first_pk[line.bank_txn_id],
                reason=ExceptionReason.DUPLICATE_IN_FILE,
                detail=detail,
            )
            for line in repeats
        ],
    )


def _apply_matches(run: _Run, paid_accounts: list[VirtualAccount], paid_registrations) -> None:
    if not paid_accounts:
        return
    reason = _("銀行入帳（批次 %(batch)s）") % {"batch": run.batch.pk}
    transition_many(
        VirtualAccount, {a.pk: reason for a in paid_accounts}, AccountStatus.PAID, from_state=AccountStatus.ACTIVE,
        actor=run.actor, now=run.now, extra={"paid_at": run.now},
    )  # fmt: skip
    if paid_registrations:
        reason = _("銀行入帳自動銷帳（交易序號 %(txn)s）")
        registration_payments_received.send(
            sender=VirtualAccount,
            payments=[
                RegistrationPayment(
                    registration_id=pk,
                    reason=reason % {"txn": line.bank_txn_id},
                    amount=line.amount,
                    account_number=line.account_number,
                    paid_at=line.value_at,
                    bank_txn_id=line.bank_txn_id,
                )  # fmt: skip
                for pk, line in paid_registrations
            ],
            actor=run.actor,
            bulk=True,
        )
    for account in paid_accounts:
        account.paid_at = run.now
    send_confirmed_after_commit(paid_accounts)


def _one_import_at_a_time() -> None:
    """Two finance clerks uploading the same file at once must not both pass the
    "imported before?" check: the second waits for the first to commit, then skips its lines.
    (SQLite's IMMEDIATE transactions already serialise writers.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def bank_file_import(*, content: bytes, filename: str = "", actor=None, source: str = "upload") -> ImportBatch:
    """Import one bank file. Raises bankfile.BankFileError (nothing written) for a bad file."""
    file_format, lines = parse_bank_file(content)
    with transaction.atomic():
        _one_import_at_a_time()
        batch = ImportBatch.objects.create(
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            source=source,
            filename=filename[:200],
            file_format=file_format,
            sha256=hashlib.sha256(content).hexdigest(),
            lines=len(lines),
        )
        run = _Run(batch=batch, actor=batch.imported_by, now=clock.now())
        for chunk in _chunks(lines):
            _import_chunk(run, chunk)
        batch.save(update_fields=["matched", "exceptions", "duplicates_skipped"])
        log_action(
            batch,
            "importbatch.imported",
            actor=batch.imported_by,
            data={
                "lines": batch.lines,
                "matched": batch.matched,
                "exceptions": batch.exceptions,
                "duplicates_skipped": batch.duplicates_skipped,
                "format": file_format,
            },
        )
    return batch
