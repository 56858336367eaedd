import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.exhibits.factories import CompanyFactory, JobProfileFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.forum.factories import TalkFactory
from tests.media.factories import VideoFactory
from usine.exhibits import queries
from usine.exhibits.models import Sector
from usine.fair.models import Building, Edition
from usine.forum.services import set_talk_state
from usine.town import services


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_town_payload_describes_each_building():
    edition = EditionFactory(name="Salon 2021", slug="salon-2021")
    company = CompanyFactory(
        name="Vannes de Provence", sector=Sector.METALLURGY, city="Aix-en-Provence"
    )
    BuildingFactory(
        edition=edition,
        company=company,
        slug="vannes-de-provence",
        name="Atelier de robinetterie",
        look=Building.Look.WORKSHOP,
        x=-140.0,
        z=-120.0,
        orientation=90.0,
    )
    JobProfileFactory(company=company, title="Soudeur·se")
    JobProfileFactory(company=company, title="Ajusteur·se monteur·se")

    with translation.override("fr"):
        payload = services.town_payload(edition=edition)

    assert payload["edition"]["name"] == "Salon 2021"
    assert payload["town"] == {
        "coast_z": 60.0,
        "grid": 40.0,
        "footprint": 26.0,
        "min_x": -180.0,
        "max_x": -100.0,
        "min_z": -160.0,
        "max_z": 60.0,
    }
    assert payload["buildings"] == [
        {
            "slug": "vannes-de-provence",
            "name": "Atelier de robinetterie",
            "company": "Vannes de Provence",
            "sector": "metallurgy",
            "sector_label": "métallurgie",
            "city": "Aix-en-Provence",
            "look": "workshop",
            "x": -140.0,
            "z": -120.0,
            "orientation": 90.0,
            "zone": "land",
            "jobs": ["Ajusteur·se monteur·se", "Soudeur·se"],
            "testimonial_count": 0,
            "url": "/batiments/vannes-de-provence/",
            "desk": {"here_now": [], "on_camera": False, "until": None, "next": []},
        }
    ]


@pytest.mark.django_db
def test_testimonial_count_only_counts_the_ones_the_building_shows():
    building = BuildingFactory()
    shown = TestimonialFactory(company=building.company, published=True, video=VideoFactory())
    TestimonialFactory(company=building.company, published=False, video=VideoFactory())
    TestimonialFactory(company=building.company, published=True, video=None)
    TestimonialFactory(company=building.company, published=True, video=VideoFactory(pending=True))
    # Ready but without captions: never shown (captions on every video).
    TestimonialFactory(company=building.company, published=True, video=VideoFactory(captions=""))

    payload = services.town_payload(edition=building.edition)

    assert payload["buildings"][0]["testimonial_count"] == 1
    # The building's page shows the same one.
    assert list(queries.published_testimonials(company=building.company)) == [shown]


@pytest.mark.django_db
def test_town_payload_costs_the_same_queries_for_one_or_forty_buildings(django_assert_num_queries):
    edition = EditionFactory()
    BuildingFactory.create_batch(40, edition=edition)

    # The buildings, their job titles, whether the edition has a Forum programme, and the
    # presence slots at the buildings' desks.
    with django_assert_num_queries(4):
        payload = services.town_payload(edition=edition)

    assert len(payload["buildings"]) == 40
    assert payload["forum"] is None


@pytest.mark.django_db
def test_town_json_is_served_from_the_cache_after_the_first_build(django_assert_num_queries):
    BuildingFactory()
    first = services.town_json()

    with django_assert_num_queries(0):
        second = services.town_json()

    assert second == first
    assert json.loads(first[0])["buildings"][0]["slug"]


@pytest.mark.django_db
def test_town_json_is_rebuilt_when_a_building_moves():
    building = BuildingFactory(x=-140.0)
    _before_body, before_etag = services.town_json()

    building.x = 140.0
    building.save()
    after_body, after_etag = services.town_json()

    assert after_etag != before_etag
    assert json.loads(after_body)["buildings"][0]["x"] == 140.0


@pytest.mark.django_db
def test_town_json_is_none_without_an_open_edition():
    EditionFactory(state=Edition.State.DRAFT)

    assert services.town_json() is None


@pytest.mark.django_db
def test_text_view_groups_buildings_by_zone_then_sector():
    edition = EditionFactory()
    port = BuildingFactory(
        edition=edition, company__sector=Sector.PORT, zone=Building.Zone.SEA_FRONT, name="Port"
    )
    plane = BuildingFactory(edition=edition, company__sector=Sector.AERONAUTICS, name="Hangar")
    valves = BuildingFactory(edition=edition, company__sector=Sector.METALLURGY, name="Vannes")

    with translation.override("fr"):
        zones = services.buildings_by_zone_and_sector(edition=edition)

    assert zones == [
        ("terre", [("aéronautique", [plane]), ("métallurgie", [valves])]),
        ("front de mer", [("activités portuaires", [port])]),
    ]


# --- the Forum in the town ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_forum_stands_in_the_town_with_what_is_live_and_next():
    building = BuildingFactory()
    edition = building.edition
    now = datetime.datetime(2031, 11, 28, 9, 30, tzinfo=datetime.UTC)
    opening = TalkFactory(
        edition=edition, title="Ouverture", starts_at=now - datetime.timedelta(minutes=30)
    )
    table = TalkFactory(
        edition=edition,
        stage=opening.stage,
        title="Les femmes dans l'industrie",
        starts_at=now + datetime.timedelta(hours=1),
    )
    set_talk_state(talk=opening, state="live")

    payload = services.town_payload(edition=edition, now=now)

    forum = payload["buildings"][-1]
    assert (forum["slug"], forum["kind"], forum["look"], forum["url"]) == (
        "forum",
        "forum",
        "auditorium",
        "/forum/",
    )
    assert forum["sector_label"] == "En direct : Ouverture"
    # Its own plot: no building of the town stands there.
    assert (forum["x"], forum["z"]) != (building.x, building.z)
    assert [talk["title"] for talk in payload["forum"]["live"]] == ["Ouverture"]
    assert payload["forum"]["next"]["title"] == "Les femmes dans l'industrie"
    assert payload["forum"]["valid_until"] == table.ends_at


@pytest.mark.django_db
def test_a_talk_going_on_air_shows_in_the_town_json_at_once():
    building = BuildingFactory()
    talk = TalkFactory(edition=building.edition, title="Ouverture")
    before = json.loads(services.town_json()[0])
    assert before["forum"]["live"] == []

    set_talk_state(talk=talk, state="live")
    after = json.loads(services.town_json()[0])

    assert [item["title"] for item in after["forum"]["live"]] == ["Ouverture"]
    assert after["buildings"][-1]["sector_label"] == "En direct : Ouverture"


@pytest.mark.django_db
def test_the_town_json_is_kept_no_longer_than_the_next_talk_stays_next(monkeypatch):
    building = BuildingFactory()
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    TalkFactory(
        edition=building.edition,
        starts_at=soon - datetime.timedelta(minutes=40),
        ends_at=soon,
    )
    kept = {}
    real_set = services.cache.set

    def remember(key, value, timeout=None):
        kept[key] = timeout
        return real_set(key, value, timeout)

    monkeypatch.setattr(services.cache, "set", remember)
    services.town_json()

    assert 290 <= kept["town:json:fr"] <= 301
