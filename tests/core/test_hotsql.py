"""core.hotsql: statements compiled once must read and write exactly what the ORM would."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from skillcert.catalog.models import ExamSession, SeatPool, SubjectKind
from skillcert.core import clock, hotsql
from skillcert.core.models import AuditEntry
from tests.factories import CandidateFactory, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hotsql_both_ways")]

BY_ACTION = hotsql.CompiledQuery(
    lambda action, target_id: (
        AuditEntry.objects.filter(action=action, target_id=target_id)
        .order_by("id")
        .values_list("id", "actor_id", "data")
    ),
    action=hotsql.mark_str(),
    target_id=hotsql.mark_str(),
)
SITTING_WITH_LEFT = hotsql.CompiledQuery(
    lambda pk: ExamSession.objects.filter(pk=pk).annotate(left=F("nth") + 100),
    pk=hotsql.mark_int(),
)
CLAIM = hotsql.CompiledUpdate(
    lambda session_id, kind: (
        SeatPool.objects.filter(session_id=session_id, kind=kind, venue=None, held__lt=F("capacity")),
        {"held": F("held") + 1},
    ),
    session_id=hotsql.mark_int(),
    kind=hotsql.mark_str(),
)
STAMP = hotsql.CompiledUpdate(
    lambda pk, when: (AuditEntry.objects.filter(pk=pk), {"created_at": when}),
    pk=hotsql.mark_int(),
    when=hotsql.mark_datetime(),
)
SINCE = hotsql.CompiledQuery(
    lambda since: (
        AuditEntry.objects.filter(created_at__gte=since).order_by("id").values_list("target_id", "created_at")
    ),
    since=hotsql.mark_datetime(),
)


def test_insert_stores_what_the_orm_reads_back_and_sets_primary_keys():
    before = timezone.now()
    actor = CandidateFactory().user
    rows = [
        AuditEntry(actor=actor, action="x.made", target_type="t", target_id="1", data={"名": "王", "n": [1, 2]}),
        AuditEntry(action="x.made", target_type="t", target_id="2", reason="原因"),
    ]
    hotsql.insert(rows)
    assert all(row.pk for row in rows) and rows[0].pk != rows[1].pk
    first, second = (AuditEntry.objects.get(pk=row.pk) for row in rows)
    assert (first.actor, first.data, first.target_id) == (actor, {"名": "王", "n": [1, 2]}, "1")
    assert (second.actor, second.data, second.reason) == (None, {}, "原因")
    assert before <= first.created_at <= timezone.now()  # auto_now_add applied, an aware time
    assert not rows[0]._state.adding


def test_insert_splits_rows_beyond_the_backend_parameter_limit():
    rows = [AuditEntry(action="bulk", target_type="t", target_id=str(i)) for i in range(7500)]
    hotsql.insert(rows)  # 7,500 × 8 parameters: more than one PostgreSQL statement may carry
    assert AuditEntry.objects.filter(action="bulk").count() == 7500
    assert len({row.pk for row in rows}) == 7500
    assert AuditEntry.objects.get(pk=rows[-1].pk).target_id == "7499"  # keys match their rows


def test_compiled_query_binds_new_values_each_call():
    hotsql.insert([AuditEntry(action=a, target_type="t", target_id=t, data={"t": t}) for a, t in
                   (("a", "1"), ("a", "2"), ("b", "1"))])  # fmt: skip
    assert [row[2] for row in BY_ACTION.rows(action="a", target_id="2")] == [{"t": "2"}]
    assert [row[2] for row in BY_ACTION.rows(action="b", target_id="1")] == [{"t": "1"}]
    assert BY_ACTION.rows(action="c", target_id="1") == []


def test_compiled_query_gives_model_instances_with_annotations():
    session = make_session(nth=3)
    (found,) = SITTING_WITH_LEFT.objects(pk=session.pk)
    assert found == session and found.left == 103
    assert found.registration_closes == session.registration_closes  # converters applied (aware datetime)
    assert SITTING_WITH_LEFT.objects(pk=session.pk + 1000) == []


def test_compiled_update_counts_rows_and_respects_its_condition():
    session = make_session(capacity=2)
    assert [CLAIM.run(session_id=session.pk, kind=SubjectKind.WRITTEN) for _ in range(3)] == [1, 1, 0]
    assert SeatPool.objects.get(session=session, kind=SubjectKind.WRITTEN).held == 2
    assert CLAIM.run(session_id=session.pk, kind=SubjectKind.PRACTICAL) == 0  # no such pool


def test_datetime_placeholders_bind_aware_moments_as_the_orm_stores_them():
    rows = [AuditEntry(action="t", target_type="t", target_id=t) for t in ("1", "2")]
    hotsql.insert(rows)
    moment = dt.datetime(2026, 5, 1, 9, 30, 15, 250, tzinfo=clock.TAIPEI)  # stored in UTC
    assert STAMP.run(pk=rows[0].pk, when=moment) == 1
    assert STAMP.run(pk=rows[1].pk, when=moment - dt.timedelta(microseconds=1)) == 1
    assert AuditEntry.objects.get(pk=rows[0].pk).created_at == moment
    assert SINCE.rows(since=moment) == [("1", moment)]
    assert [row[0] for row in SINCE.rows(since=moment - dt.timedelta(seconds=1))] == ["1", "2"]


def test_compiled_statements_are_counted_like_any_other(django_assert_num_queries):
    session = make_session()
    with django_assert_num_queries(2):
        SITTING_WITH_LEFT.objects(pk=session.pk)
        CLAIM.run(session_id=session.pk, kind=SubjectKind.WRITTEN)


@pytest.mark.parametrize("hotsql_both_ways", [True], indirect=True)  # compiling is the compiled mode's
def test_a_placeholder_missing_from_the_sql_is_refused():
    unused = hotsql.CompiledQuery(lambda pk: AuditEntry.objects.all(), pk=hotsql.mark_int())
    with pytest.raises(ValueError, match="placeholders"):
        unused.rows(pk=1)


def test_this_django_version_was_checked_against_hotsql():
    """core.hotsql reuses the ORM compiler's internals: a Django upgrade must be checked first
    (run the hot-path tests both ways, bench/registration_rush.py, then extend CHECKED_DJANGO)."""
    import django

    assert django.VERSION[:2] in hotsql.CHECKED_DJANGO, (
        f"Django {django.get_version()} is not in core.hotsql.CHECKED_DJANGO {hotsql.CHECKED_DJANGO}: check the "
        "compiled statements against it (or set HOTSQL_ENABLED=off) before upgrading."
    )


def test_the_plain_orm_answers_like_the_compiled_statements(settings):
    session = make_session()
    compiled = (SITTING_WITH_LEFT.objects(pk=session.pk)[0].left, CLAIM.run(session_id=session.pk, kind="written"))
    settings.HOTSQL_ENABLED = False
    plain = (SITTING_WITH_LEFT.objects(pk=session.pk)[0].left, CLAIM.run(session_id=session.pk, kind="written"))
    assert compiled == plain == (session.nth + 100, 1)
    assert SeatPool.objects.get(session=session, kind="written").held == 2
