"""The demo's desks, as `load_demo` writes them: presences, two under way at load time on a fair
day (one on camera), and a published FAQ."""

from django.urls import reverse
from django.utils import timezone

from tests.demo.loading import LOADED_AT
from usine.desk.models import DeskQuestion
from usine.exhibits.models import PresenceSlot


def test_presences_at_several_desks_two_under_way_at_load_time(demo):
    slots = PresenceSlot.objects.select_related("building", "host")
    assert slots.count() == 6
    assert len({slot.building_id for slot in slots}) == 5
    here = [s for s in slots if s.starts_at <= LOADED_AT < s.ends_at]
    assert sorted(
        (s.building.slug, s.host.username, s.host_label, s.camera_opened_at) for s in here
    ) == [
        ("chaudronnerie-vitrolles", "pro-1", "Inès, soudeuse", None),
        ("robinetterie-aix", "exposant-vannes", "Nadia, responsable du recrutement", LOADED_AT),
    ]


def test_the_faq_is_published_and_holds_no_asker(demo):
    faq = DeskQuestion.objects.all()
    assert faq.count() == 4
    assert {(q.state, q.asker, q.pupil_id, q.published_at is not None) for q in faq} == {
        ("answered", "visitor", None, True)
    }


def test_the_valve_workshops_page_shows_its_desk(demo, client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: LOADED_AT)
    page = client.get(reverse("exhibits:building", kwargs={"slug": "robinetterie-aix"}))
    text = page.content.decode()
    assert "Quelqu'un est là" in text
    assert "Nadia, responsable du recrutement" in text
    assert "En direct au stand" in text
    assert "Est-ce que vous prenez des apprentis ?" in text
