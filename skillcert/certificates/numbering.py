"""Serial allocation for certificate numbers: one counter row per item, ROC year and rank,
raised by an UPDATE inside the issuing transaction. The row lock it takes makes concurrent
issuers queue, and a rollback returns the serial, so numbers have neither gaps nor duplicates."""

from django.db import IntegrityError, transaction
from django.db.models import F

from . import rules
from .models import NumberCounter


def serials_take(*, item_code: str, roc_year: int, rank: int, count: int = 1) -> range:
    """Reserve `count` consecutive serials; call inside the transaction that stores them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serials_take must run inside the issuing transaction")
    key = {"item_code": rules.item_prefix(item_code), "roc_year": roc_year, "rank": rank}
    if not NumberCounter.objects.filter(**key).update(last=F("last") + count):
        try:
            with transaction.atomic():
                NumberCounter.objects.create(**key, last=0)
        except IntegrityError:
            pass  # another issuer created it first; the UPDATE below waits for its lock
        NumberCounter.objects.filter(**key).update(last=F("last") + count)
    last = NumberCounter.objects.values_list("last", flat=True).get(**key)
    return range(last - count + 1, last + 1)


def numbers_take(*, item_code: str, roc_year: int, rank: int, count: int = 1) -> list[str]:
    serials = serials_take(item_code=item_code, roc_year=roc_year, rank=rank, count=count)
    return [rules.format_number(item_code=item_code, roc_year=roc_year, rank=rank, serial=s) for s in serials]
