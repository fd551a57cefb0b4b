import pytest

from skillcert.core.audit import batched, history, log_action
from skillcert.core.models import AuditEntry
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_rows_logged_in_a_batch_are_written_together_when_it_ends(django_assert_num_queries):
    candidate = CandidateFactory()
    with batched():
        log_action(candidate, "profile.checked", to_state="a")
        log_action(candidate.user, "user.checked", data={"n": 1})
        assert AuditEntry.objects.count() == 0  # nothing written yet
    assert [e.action for e in history(candidate)] == ["profile.checked"]
    assert history(candidate.user).get().data == {"n": 1}
    with django_assert_num_queries(1), batched():
        log_action(candidate, "one")
        log_action(candidate, "two")


def test_a_batch_that_fails_writes_nothing():
    candidate = CandidateFactory()
    with pytest.raises(ValueError), batched():
        log_action(candidate, "never")
        raise ValueError("refused")
    assert not AuditEntry.objects.exists()
    log_action(candidate, "after")  # outside a batch: written at once
    assert history(candidate).get().action == "after"
