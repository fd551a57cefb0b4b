import pytest

from skillcert.catalog.demo import load_brochures


def _wipe_catalog():
    from skillcert.catalog.models import Item, News, Region, Venue

    News.objects.all().delete()
    Item.objects.all().delete()
    Venue.objects.all().delete()
    Region.objects.all().delete()


@pytest.fixture(scope="module")
def _brochures_for_module(django_db_setup, django_db_blocker):
    """Load once per module (the loader takes a second); each test still runs in its own
    transaction, so what a test changes is rolled back. Wiped when the module is done."""
    with django_db_blocker.unblock():
        load_brochures(true_dates=True)
    yield
    with django_db_blocker.unblock():
        _wipe_catalog()


@pytest.fixture
def brochures(_brochures_for_module, db):
    """Both brochures with their true dates."""
