import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exhibits.factories import ExhibitorFactory, JobProfileFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.professionals.factories import ProfessionalFactory
from tests.users.factories import UserFactory
from usine.exhibits import presence
from usine.exhibits.models import PresenceSlot
from usine.exhibits.services import ExhibitError
from usine.town import services as town

pytestmark = pytest.mark.django_db

ZONE = datetime.timezone(datetime.timedelta(hours=1))  # Europe/Paris in November


def at(day, hour, minute=0):
    return datetime.datetime(2021, 11, day, hour, minute, tzinfo=ZONE)


@pytest.fixture
def company_desk():
    exhibitor = ExhibitorFactory(user__first_name="Claire", user__last_name="Martin")
    building = BuildingFactory(edition=open_edition(), company=exhibitor.company)
    return exhibitor, building


def add(exhibitor, building, **kwargs):
    values = {
        "company": exhibitor.company,
        "building": building,
        "host_id": exhibitor.user_id,
        "host_label": "Claire, soudeuse",
        "starts_at": at(23, 10),
        "ends_at": at(23, 11),
    } | kwargs
    return presence.add_slot(**values)


def test_hosts_are_the_companys_exhibitors_and_its_professionals_of_the_edition(company_desk):
    exhibitor, building = company_desk
    job = JobProfileFactory(company=exhibitor.company, title="Chaudronnière")
    pro = ProfessionalFactory(
        company=exhibitor.company, edition=building.edition, first_name="Inès", job=job
    )
    ProfessionalFactory(company=ExhibitorFactory().company, edition=building.edition)
    assert presence.hosts(company=exhibitor.company, building=building) == [
        (exhibitor.user_id, "Claire Martin"),
        (pro.user_id, "Inès, Chaudronnière"),
    ]


def test_a_slot_is_added_for_a_host_during_the_fair(company_desk):
    exhibitor, building = company_desk
    slot = add(exhibitor, building)
    assert (slot.building, slot.host, slot.host_label, slot.starts_at, slot.ends_at) == (
        building,
        exhibitor.user,
        "Claire, soudeuse",
        at(23, 10),
        at(23, 11),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": at(23, 10, 10)}, "ends_at"),  # ten minutes
        ({"ends_at": at(23, 14, 1)}, "ends_at"),  # over four hours
        ({"starts_at": at(21, 10), "ends_at": at(21, 11)}, "starts_at"),  # before the fair
        ({"starts_at": at(27, 10), "ends_at": at(27, 11)}, "starts_at"),  # after it
        ({"host_id": 0}, "host"),
    ],
)
def test_refused_slots(company_desk, change, field):
    exhibitor, building = company_desk
    with pytest.raises(ExhibitError) as raised:
        add(exhibitor, building, **change)
    assert raised.value.field == field
    assert PresenceSlot.objects.count() == 0


def test_a_stranger_or_an_other_companys_building_is_refused(company_desk):
    exhibitor, building = company_desk
    with pytest.raises(ExhibitError):
        add(exhibitor, building, host_id=UserFactory().pk)
    other = BuildingFactory(edition=building.edition)
    with pytest.raises(ExhibitError):
        add(exhibitor, other)
    assert PresenceSlot.objects.count() == 0


def test_a_host_is_at_one_desk_at_a_time(company_desk):
    exhibitor, building = company_desk
    add(exhibitor, building)
    with pytest.raises(ExhibitError) as raised:
        add(exhibitor, building, starts_at=at(23, 10, 30), ends_at=at(23, 12))
    assert raised.value.field == "starts_at"
    add(exhibitor, building, starts_at=at(23, 11), ends_at=at(23, 12))  # back to back is fine
    assert PresenceSlot.objects.count() == 2


def test_only_the_companys_slots_are_removed(company_desk):
    exhibitor, building = company_desk
    slot = add(exhibitor, building)
    with pytest.raises(ExhibitError):
        presence.remove_slot(company=ExhibitorFactory().company, slot_id=slot.pk)
    presence.remove_slot(company=exhibitor.company, slot_id=slot.pk)
    assert PresenceSlot.objects.count() == 0


def test_desk_state_and_epoch_follow_the_clock(company_desk):
    exhibitor, building = company_desk
    first = add(exhibitor, building)
    add(exhibitor, building, starts_at=at(24, 9), ends_at=at(24, 10), host_label="Inès")
    entries = presence.schedule(edition_id=building.edition_id, version="v1")
    before = presence.desk_state(entries, building_id=building.pk, now=at(23, 9))
    during = presence.desk_state(entries, building_id=building.pk, now=at(23, 10, 30))
    assert (before.someone_here, [e.host_label for e in before.upcoming]) == (
        False,
        ["Claire, soudeuse", "Inès"],
    )
    assert (during.someone_here, during.until, [e.host_label for e in during.upcoming]) == (
        True,
        first.ends_at,
        ["Inès"],
    )
    assert [presence.epoch(entries, now=at(23, h)) for h in (9, 10, 11, 12)] == [0, 1, 2, 2]
    assert presence.next_change(entries, now=at(23, 10)) == at(23, 11)
    assert presence.next_change(entries, now=at(24, 10)) is None


# --- pages ----------------------------------------------------------------------------------------


def test_the_building_page_says_who_is_here_and_changes_when_the_presence_ends(
    client, company_desk, monkeypatch
):
    exhibitor, building = company_desk
    now = timezone.now()
    slot = PresenceSlotFactory(
        building=building, host=exhibitor.user, starts_at=now - datetime.timedelta(minutes=5)
    )
    url = reverse("exhibits:building", kwargs={"slug": building.slug})
    page = client.get(url).content.decode()
    assert "Quelqu'un est là" in page
    assert reverse("desk:ask", kwargs={"slug": building.slug}) in page
    monkeypatch.setattr(timezone, "now", lambda: slot.ends_at)
    page = client.get(url).content.decode()
    assert "Quelqu'un est là" not in page
    assert "Personne n'est à l'accueil en ce moment." in page


def test_the_town_json_says_who_is_here_until_the_next_change(company_desk, monkeypatch):
    exhibitor, building = company_desk
    now = timezone.now().replace(microsecond=0)  # the JSON keeps milliseconds
    slot = PresenceSlotFactory(
        building=building, host=exhibitor.user, starts_at=now - datetime.timedelta(minutes=5)
    )
    later = PresenceSlotFactory(
        building=building, host=exhibitor.user, starts_at=slot.ends_at + datetime.timedelta(hours=1)
    )

    def desk():
        (entry,) = json.loads(town.town_json()[0])["buildings"]
        return entry["desk"]

    assert desk() == {
        "here_now": ["Claire, soudeuse"],
        "on_camera": False,
        "until": slot.ends_at.isoformat().replace("+00:00", "Z"),
        "next": [
            {
                "starts_at": later.starts_at.isoformat().replace("+00:00", "Z"),
                "ends_at": later.ends_at.isoformat().replace("+00:00", "Z"),
            }
        ],
    }
    # The host goes on camera (usine/desk/camera.py): the town says so at once, until the end.
    slot.camera_opened_at = now
    slot.save()
    assert desk()["on_camera"] is True
    monkeypatch.setattr(timezone, "now", lambda: slot.ends_at)
    assert (desk()["here_now"], desk()["on_camera"]) == ([], False)


def test_a_new_slot_shows_at_once_on_the_building_page(client, company_desk):
    exhibitor, building = company_desk
    url = reverse("exhibits:building", kwargs={"slug": building.slug})
    assert "Quelqu'un est là" not in client.get(url).content.decode()
    PresenceSlotFactory(building=building, host=exhibitor.user)
    assert "Quelqu'un est là" in client.get(url).content.decode()


def test_the_text_view_marks_the_buildings_with_someone_at_the_desk(client, company_desk):
    exhibitor, building = company_desk
    quiet = BuildingFactory(edition=building.edition)
    PresenceSlotFactory(building=building, host=exhibitor.user)
    page = client.get(reverse("town:text")).content.decode()
    assert page.count("Quelqu'un est à l'accueil") == 1
    assert f"{building.get_absolute_url()}#desk" in page
    assert f"{quiet.get_absolute_url()}#desk" not in page


def test_the_exhibitor_plans_and_removes_a_presence(client, company_desk):
    exhibitor, _building = company_desk
    client.force_login(exhibitor.user)
    url = reverse("exhibits:presence")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "host": exhibitor.user_id,
            "host_label": "",
            "day": "2021-11-23",
            "starts": "10:00",
            "ends": "11:30",
        },
    )
    assert response.status_code == 302
    slot = PresenceSlot.objects.get()
    assert (slot.host_label, timezone.localtime(slot.starts_at).hour) == ("Claire Martin", 10)
    page = client.get(url).content.decode()
    assert "Claire Martin" in page
    client.post(reverse("exhibits:presence_delete", kwargs={"pk": slot.pk}))
    assert PresenceSlot.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"host": "abc", "day": "2021-11-23", "starts": "10:00", "ends": "11:00"},
        {"host": "1", "day": "2031-01-01", "starts": "10:00", "ends": "11:00"},
        {"host": "1", "day": "2021-11-23", "starts": "25:00", "ends": "11:00"},
        {"host": "1", "day": "2021-11-23", "starts": "12:00", "ends": "11:00"},
        {
            "host": "1",
            "day": "2021-11-23",
            "starts": "10:00",
            "ends": "11:00",
            "host_label": "x" * 81,
        },
    ],
)
def test_bad_presence_forms_get_form_errors(client, company_desk, data):
    exhibitor, _building = company_desk
    client.force_login(exhibitor.user)
    response = client.post(reverse("exhibits:presence"), data)
    assert response.status_code == 200
    assert "Le formulaire n'a pas été enregistré" in response.content.decode()
    assert PresenceSlot.objects.count() == 0


def test_an_other_companys_presence_is_not_removed(client, company_desk):
    exhibitor, building = company_desk
    slot = PresenceSlotFactory(building=building, host=exhibitor.user)
    client.force_login(ExhibitorFactory().user)
    client.post(reverse("exhibits:presence_delete", kwargs={"pk": slot.pk}))
    assert PresenceSlot.objects.count() == 1
