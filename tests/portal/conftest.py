import pytest

from tests.factories import CandidateFactory, make_session


@pytest.fixture
def session():
    return make_session()


@pytest.fixture
def owner(client):
    """A candidate logged in through `client`."""
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    return candidate
