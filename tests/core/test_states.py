"""core.states: `transition_many`, the bulk paths' transition."""

import pytest

from skillcert.core.models import AuditEntry
from skillcert.core.states import InvalidTransition, transition_many
from skillcert.registrations.models import Registration
from tests.factories import make_session
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db


def test_transition_many_checks_the_table_once_and_audits_every_row():
    session = make_session()
    rows = [register(session=session) for _ in range(2)]
    with pytest.raises(InvalidTransition):
        transition_many(Registration, {rows[0].pk: "x"}, "refunded", from_state="awaiting_payment")
    moved = transition_many(Registration, {r.pk: f"why {r.pk}" for r in rows}, "paid", from_state="awaiting_payment")
    assert moved == 2
    for registration in rows:
        registration.refresh_from_db()
        entry = AuditEntry.objects.get(target_id=str(registration.pk), action="registration.paid")
        assert (registration.status, entry.from_state, entry.reason) == (
            "paid",
            "awaiting_payment",
            f"why {registration.pk}",
        )
    with pytest.raises(InvalidTransition):  # a row no longer in the from-state fails the whole call
        transition_many(Registration, {rows[0].pk: "again"}, "paid", from_state="awaiting_payment")
