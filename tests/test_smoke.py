import pytest


@pytest.mark.django_db
def test_home_page_lists_items(client):
    from tests.factories import make_level

    make_level()
    response = client.get("/")
    assert response.status_code == 200
    assert "SPE 工程師" in response.content.decode()
