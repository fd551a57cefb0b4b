import pytest

from skillcert.catalog.demo import load_brochures


@pytest.fixture
def brochures(db):
    """Both brochures with their true dates."""
    load_brochures(true_dates=True)
