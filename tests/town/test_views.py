import pytest
from django.core.cache import cache

from tests.fair.factories import BuildingFactory, EditionFactory
from usine.fair.models import Edition


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_api_town_returns_json_with_an_etag_and_cache_headers(client):
    BuildingFactory(slug="port-de-fos")

    response = client.get("/api/town")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert response.json()["buildings"][0]["slug"] == "port-de-fos"


@pytest.mark.django_db
def test_api_town_answers_304_to_a_matching_etag(client):
    BuildingFactory()
    etag = client.get("/api/town")["ETag"]

    response = client.get("/api/town", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.django_db
def test_api_town_without_an_open_edition_answers_404_with_a_message(client):
    EditionFactory(state=Edition.State.DRAFT)

    response = client.get("/api/town", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    assert response.json() == {"error": "Aucune édition du salon n'est ouverte."}


@pytest.mark.django_db
def test_api_town_refuses_other_methods(client):
    response = client.post("/api/town")

    assert response.status_code == 405


@pytest.mark.django_db
def test_text_view_lists_every_building_as_a_link(client):
    edition = EditionFactory()
    buildings = BuildingFactory.create_batch(3, edition=edition)

    page = client.get("/ville/texte/").content.decode()

    for building in buildings:
        assert f'href="/batiments/{building.slug}/"' in page


@pytest.mark.django_db
def test_text_view_without_an_open_edition_says_so(client):
    page = client.get("/ville/texte/", headers={"Accept-Language": "fr"}).content.decode()

    assert "Aucune édition du salon n'est ouverte pour le moment." in page
