"""Bulk fixtures the benchmarks share (run inside a bench database; see _server.bench_database)."""

BATCH = 5000


def bulk_candidates(count: int, *, prefix: str, with_email: bool = True) -> None:
    """Users 1..count with candidate profiles (checksum-valid national IDs), in bulk."""
    from skillcert.accounts.models import CandidateProfile, User
    from tests.factories import national_id_for

    User.objects.bulk_create(
        (User(id=i, username=f"{prefix}{i:06d}", email=f"{prefix}{i:06d}@example.com" if with_email else "",
              password="!") for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    CandidateProfile.objects.bulk_create(
        (CandidateProfile(id=i, user_id=i, name_zh=f"考生{i}", national_id=national_id_for(i)) for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip


def reset_sequences(*models) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)
