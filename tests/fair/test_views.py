import datetime
import zoneinfo

import pytest
from django.utils import translation

from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.users.factories import UserFactory
from usine.fair.models import Edition, SessionSlot

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _in_french():
    with translation.override("fr"):
        yield


@pytest.fixture
def organizer(client):
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture
def edition():
    # Monday 22 to Friday 26 November 2021.
    return EditionFactory(slug="salon-2021", name="Salon 2021")


URLS = [
    "/organisation/editions/",
    "/organisation/editions/nouvelle/",
    "/organisation/editions/salon-2021/",
    "/organisation/editions/salon-2021/creneaux/",
    "/organisation/editions/salon-2021/plan/",
]


@pytest.mark.parametrize("url", URLS)
def test_the_pages_are_for_organizers_only(client, edition, url):
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_an_organizer_opens_every_page(organizer, edition, url):
    assert organizer.get(url).status_code == 200


def test_the_organizers_home_links_to_the_editions(organizer, edition):
    assert (
        'href="/organisation/editions/"'
        in organizer.get("/organisation/direct/planning/").content.decode()
    )


def test_without_an_open_edition_the_organizers_home_leads_to_the_editions(organizer):
    response = organizer.get("/organisation/direct/planning/")
    assert response.status_code == 404
    assert 'href="/organisation/editions/">Préparer ou ouvrir une édition' in (
        response.content.decode()
    )


def test_the_form_offers_to_copy_the_last_edition(organizer, edition):
    page = organizer.get("/organisation/editions/nouvelle/").content.decode()
    assert '<option value="salon-2021" selected>Salon 2021</option>' in page


def test_an_organizer_creates_an_edition_copying_the_last_one(organizer, edition):
    BuildingFactory(edition=edition)
    response = organizer.post(
        "/organisation/editions/nouvelle/",
        {
            "name": "Salon 2022",
            "slug": "salon-2022",
            "starts_on": "2022-11-21",
            "ends_on": "2022-11-25",
            "copy_of": "salon-2021",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisation/editions/salon-2022/"
    new = Edition.objects.get(slug="salon-2022")
    assert (new.state, new.buildings.count()) == (Edition.State.DRAFT, 1)


def test_a_refused_edition_says_why_on_the_field(organizer, edition):
    response = organizer.post(
        "/organisation/editions/nouvelle/",
        {"name": "X", "slug": "salon-2021", "starts_on": "2022-11-21", "ends_on": "2022-11-25"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"slug": ["Une édition porte déjà cet identifiant."]}


def test_opening_an_edition_from_its_page(organizer, edition):
    draft = EditionFactory(state=Edition.State.DRAFT, slug="salon-2022")
    assert organizer.post("/organisation/editions/salon-2022/").status_code == 302
    draft.refresh_from_db()
    edition.refresh_from_db()
    assert (draft.state, edition.state) == ("open", "archived")


SLOTS = {
    "days": ["2021-11-22", "2021-11-23"],
    "start_times": "08:30, 13:30",
    "capacity": "12",
    "duration_minutes": "90",
}


def test_the_preview_lists_what_would_be_created_and_creates_nothing(organizer, edition):
    response = organizer.post(
        "/organisation/editions/salon-2021/creneaux/", SLOTS | {"preview": ""}
    )
    assert response.status_code == 200
    assert "4 créneaux seront créés" in response.content.decode()
    assert SessionSlot.objects.count() == 0


def test_creating_the_slots(organizer, edition):
    response = organizer.post("/organisation/editions/salon-2021/creneaux/", SLOTS | {"create": ""})
    assert response.status_code == 302
    starts = [s.starts_at for s in SessionSlot.objects.filter(edition=edition)]
    assert starts == [
        datetime.datetime(2021, 11, 22, 8, 30, tzinfo=PARIS),
        datetime.datetime(2021, 11, 22, 13, 30, tzinfo=PARIS),
        datetime.datetime(2021, 11, 23, 8, 30, tzinfo=PARIS),
        datetime.datetime(2021, 11, 23, 13, 30, tzinfo=PARIS),
    ]


def test_overlapping_slots_are_refused_and_none_created(organizer, edition):
    SessionSlotFactory(
        edition=edition, starts_at=datetime.datetime(2021, 11, 22, 9, 0, tzinfo=PARIS)
    )
    response = organizer.post("/organisation/editions/salon-2021/creneaux/", SLOTS | {"create": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Le créneau du lundi 22 novembre, 08:30 chevauche celui de 09:00."
    ]
    assert SessionSlot.objects.count() == 1


def test_a_building_is_placed_with_the_plain_form(organizer, edition):
    building = BuildingFactory(edition=edition, x=-140.0, z=-120.0)
    response = organizer.post(
        "/organisation/editions/salon-2021/plan/", {"building": building.pk, "plot": "B5"}
    )
    assert response.status_code == 302
    building.refresh_from_db()
    assert (building.x, building.z) == (-60.0, -160.0)


def test_the_town_shows_the_move_at_once(organizer, edition, client):
    building = BuildingFactory(edition=edition, x=-140.0, z=-120.0)
    assert client.get("/api/town").json()["buildings"][0]["x"] == -140.0
    organizer.post(
        "/organisation/editions/salon-2021/plan/", {"building": building.pk, "plot": "B5"}
    )
    assert client.get("/api/town").json()["buildings"][0]["x"] == -60.0


def test_a_refused_place_says_why(organizer, edition):
    building = BuildingFactory(edition=edition, x=-140.0, z=-120.0)
    response = organizer.post(
        "/organisation/editions/salon-2021/plan/", {"building": building.pk, "plot": "H1"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "plot": ["H1 est en mer : un bâtiment se construit sur un terrain."]
    }


def test_a_building_of_another_edition_cannot_be_placed(organizer, edition):
    other = BuildingFactory(edition__state=Edition.State.DRAFT)
    response = organizer.post(
        "/organisation/editions/salon-2021/plan/", {"building": other.pk, "plot": "B5"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "value", ["", "x" * 5000, "\x00", "-1", "99999999999999999999", "2021-13-45", "1e400"]
)
@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/organisation/editions/nouvelle/", ["name", "slug", "starts_on", "ends_on", "copy_of"]),
        (
            "/organisation/editions/salon-2021/creneaux/",
            ["days", "start_times", "capacity", "duration_minutes"],
        ),
        ("/organisation/editions/salon-2021/plan/", ["building", "plot"]),
    ],
)
def test_malformed_forms_get_a_form_error_never_a_500(organizer, edition, url, fields, value):
    for name in fields:
        data = dict.fromkeys(fields, "1") | {name: value, "create": ""}
        assert organizer.post(url, data).status_code in (200, 400)
