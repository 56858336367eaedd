import datetime

import pytest
from django.utils import translation

from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from usine.fair import services
from usine.fair.errors import FairError
from usine.fair.models import Building, Edition

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 11, 22)
FRIDAY = datetime.date(2027, 11, 26)


@pytest.fixture(autouse=True)
def _in_french():
    with translation.override("fr"):
        yield


def new(**kwargs):
    return services.create_edition(
        **{"name": "Salon 2027", "slug": "salon-2027", "starts_on": MONDAY, "ends_on": FRIDAY}
        | kwargs
    )


def test_a_new_edition_is_a_draft_with_an_empty_town():
    edition = new()
    assert (edition.state, edition.buildings.count()) == (Edition.State.DRAFT, 0)


def test_a_copy_takes_the_town_and_nothing_of_the_classes():
    source = EditionFactory()
    building = BuildingFactory(edition=source, look=Building.Look.PORT, x=20.0, z=36.0)
    building.zone = Building.Zone.SEA_FRONT
    building.orientation = 180.0
    building.save()
    SessionSlotFactory(edition=source)
    edition = new(copy_of=source)
    [copy] = edition.buildings.all()
    fields = ("slug", "name", "company_id", "look", "x", "z", "orientation", "zone")
    assert [getattr(copy, f) for f in fields] == [getattr(building, f) for f in fields]
    assert copy.pk != building.pk
    assert edition.session_slots.count() == 0
    assert source.buildings.count() == 1


def test_a_taken_identifier_is_refused_on_its_field():
    EditionFactory(slug="salon-2027")
    with pytest.raises(FairError) as error:
        new()
    assert (error.value.field, error.value.message) == (
        "slug",
        "Une édition porte déjà cet identifiant.",
    )


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        (MONDAY - datetime.timedelta(days=1), "Le dernier jour précède le premier."),
        (MONDAY + datetime.timedelta(days=31), "Une édition dure au plus un mois."),
    ],
)
def test_dates_out_of_order_or_too_long_are_refused(ends_on, message):
    with pytest.raises(FairError) as error:
        new(ends_on=ends_on)
    assert (error.value.field, error.value.message) == ("ends_on", message)


def test_the_last_edition_is_the_latest_to_start():
    EditionFactory(starts_on=MONDAY, ends_on=FRIDAY, state=Edition.State.DRAFT)
    latest = EditionFactory(
        starts_on=MONDAY + datetime.timedelta(days=365),
        ends_on=FRIDAY + datetime.timedelta(days=365),
        state=Edition.State.DRAFT,
    )
    assert services.last_edition() == latest


def test_opening_an_edition_archives_the_one_open_before():
    before = EditionFactory(state=Edition.State.OPEN)
    edition = new()
    services.open_edition_now(edition=edition)
    before.refresh_from_db()
    edition.refresh_from_db()
    assert (before.state, edition.state) == (Edition.State.ARCHIVED, Edition.State.OPEN)


def test_a_building_moves_to_a_free_plot_facing_its_street():
    building = BuildingFactory(x=-140.0, z=-120.0)
    cell = services.move_building(building=building, code="g4")
    building.refresh_from_db()
    assert (cell.code, building.x, building.z) == ("G4", -100.0, 36.0)
    assert (building.zone, building.orientation) == ("sea_front", 180.0)


def test_an_occupied_plot_is_refused_with_the_occupant_named():
    edition = EditionFactory()
    building = BuildingFactory(edition=edition, x=-140.0, z=-120.0)
    BuildingFactory(edition=edition, x=-100.0, z=-120.0, name="Port de Brest")
    with pytest.raises(FairError) as error:
        services.move_building(building=building, code="C4")
    assert error.value.message == "Le terrain C4 est déjà occupé par « Port de Brest »."
    building.refresh_from_db()
    assert (building.x, building.z) == (-140.0, -120.0)


def test_another_editions_building_does_not_occupy_the_plot():
    building = BuildingFactory(x=-140.0, z=-120.0)
    BuildingFactory(x=-100.0, z=-120.0, edition__state=Edition.State.DRAFT)
    assert services.move_building(building=building, code="C4").code == "C4"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("H2", "H2 est en mer : un bâtiment se construit sur un terrain."),
        ("Z1", "Choisissez un terrain de la carte."),
        ("", "Choisissez un terrain de la carte."),
    ],
)
def test_the_sea_and_unknown_squares_are_refused(code, message):
    building = BuildingFactory(x=-140.0, z=-120.0)
    with pytest.raises(FairError) as error:
        services.move_building(building=building, code=code)
    assert (error.value.field, error.value.message) == ("plot", message)


def test_occupancy_names_every_plot_a_footprint_covers():
    edition = EditionFactory()
    placed = BuildingFactory(edition=edition, x=-140.0, z=-120.0)
    astride = BuildingFactory(edition=edition, x=0.0, z=-120.0)  # typed in the admin
    taken = services.occupancy(edition=edition)
    assert taken == {"C3": placed, "C6": astride, "C7": astride}
