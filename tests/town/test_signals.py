import pytest
from django.core.cache import cache

from tests.fair.factories import BuildingFactory
from usine.town import services


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_a_change_gives_a_new_version_at_once_and_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    building = BuildingFactory(name="Hangar")
    first = services.public_version()

    with django_capture_on_commit_callbacks(execute=True):
        building.name = "Grand hangar"
        building.save()
        during = services.public_version()
        # A visitor's request between the save and the commit reads the rows from before it
        # and caches the town JSON again.
        services.town_json()

    assert during != first
    assert services.public_version() not in (first, during)
    assert cache.get(services.TOWN_CACHE_KEY.format(language="fr")) is None


@pytest.mark.django_db
def test_the_version_stays_the_same_without_a_change():
    BuildingFactory()

    assert services.public_version() == services.public_version()
