import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.exhibits.factories import CompanyFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.media.factories import VideoFactory
from usine.exhibits.models import Sector
from usine.schools import passport
from usine.schools.errors import UnknownBuilding, UnknownTestimonial
from usine.schools.models import BuildingVisit, SeatClaim, TestimonialProgress, TestimonialView

from .helpers import booked_class, seated_session

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2031, 11, 24, 9, 0, tzinfo=datetime.UTC)


def later(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.fixture
def pupil():
    return booked_class().school_class.pupils.first()


def building_in(pupil, sector=Sector.METALLURGY, **kwargs):
    return BuildingFactory(
        edition=pupil.school_class.edition, company=CompanyFactory(sector=sector), **kwargs
    )


def test_time_is_credited_by_the_server_between_pings_and_stamps_at_the_threshold(pupil, settings):
    settings.PASSPORT_STAMP_SECONDS = 30
    building = building_in(pupil)
    for second in (0, 10, 20):
        assert (
            passport.record_presence(
                pupil=pupil, building_slug=building.slug, now=later(second)
            ).new_stamp
            == ""
        )
    stamped = passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(30))
    assert stamped.new_stamp == building.name
    assert stamped.buildings == 1
    visit = BuildingVisit.objects.get()
    assert (visit.seconds, visit.stamp) == (30, BuildingVisit.Stamp.TIME)


def test_a_long_silence_counts_nothing_and_the_clock_restarts(pupil, settings):
    settings.PASSPORT_STAMP_SECONDS = 30
    building = building_in(pupil)
    passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(0))
    result = passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(600))
    assert result.buildings == 0
    assert BuildingVisit.objects.get().seconds == 0
    passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(605))
    assert BuildingVisit.objects.get().seconds == 5


def test_fractions_of_a_second_between_pings_are_not_lost(pupil):
    building = building_in(pupil)
    for tick in range(10):
        passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(tick * 4.9))
    assert BuildingVisit.objects.get().seconds == 44  # nine gaps of 4.9 s: 44.1 s


def test_a_ping_elsewhere_or_in_the_town_stops_the_building_clock(pupil):
    first, second = building_in(pupil), building_in(pupil)
    passport.record_presence(pupil=pupil, building_slug=first.slug, now=later(0))
    passport.record_presence(pupil=pupil, building_slug=second.slug, now=later(5))
    passport.record_presence(pupil=pupil, building_slug=first.slug, now=later(10))
    passport.record_presence(pupil=pupil, building_slug="", now=later(15))
    passport.record_presence(pupil=pupil, building_slug=first.slug, now=later(20))
    assert set(BuildingVisit.objects.values_list("seconds", flat=True)) == {0}
    passport.record_presence(pupil=pupil, building_slug=first.slug, now=later(25))
    assert BuildingVisit.objects.get(building=first).seconds == 5


def published_testimonial(building):
    return TestimonialFactory(
        company=building.company, published=True, video=VideoFactory(duration_s=20.0)
    )


def watch(pupil, testimonial, *, building, start=0):
    """Plays a 20 s testimonial at the real pace in its building, a report every 5 s."""
    passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(start))
    for position in (0, 5, 10, 15, 20):
        if position:
            passport.record_presence(
                pupil=pupil, building_slug=building.slug, now=later(start + position)
            )
        result = passport.record_testimonial(
            pupil=pupil,
            testimonial_id=testimonial.pk,
            position=position,
            now=later(start + position),
        )
        if result.new_stamp:
            return result
    return result


def test_a_testimonial_played_to_80_percent_stamps_its_building(pupil):
    building = building_in(pupil)
    testimonial = published_testimonial(building)
    result = watch(pupil, testimonial, building=building)
    assert result.new_stamp == building.name
    assert TestimonialProgress.objects.get().watched >= 20 * passport.WATCHED_SHARE
    assert BuildingVisit.objects.get().stamp == BuildingVisit.Stamp.TESTIMONIAL
    again = watch(pupil, testimonial, building=building, start=100)
    assert again.new_stamp == ""
    assert TestimonialView.objects.count() == 1


def test_the_goal_needs_five_buildings_in_three_sectors(pupil):
    sectors = [Sector.METALLURGY] * 3 + [Sector.ENERGY, Sector.ENERGY]
    for number, sector in enumerate(sectors):
        building = building_in(pupil, sector)
        result = watch(
            pupil, published_testimonial(building), building=building, start=100 * number
        )
    assert (result.buildings, result.sectors, result.complete) == (5, 2, False)
    building = building_in(pupil, Sector.LOGISTICS)
    result = watch(pupil, published_testimonial(building), building=building, start=1000)
    assert (result.buildings, result.sectors, result.complete) == (6, 3, True)


def test_presence_records_the_building_the_pupil_is_in(pupil):
    building = building_in(pupil)
    SeatClaim.objects.create(pupil=pupil, session_key="k" * 32)
    passport.record_presence(pupil=pupil, building_slug=building.slug)
    assert SeatClaim.objects.get().building == building
    passport.record_presence(pupil=pupil, building_slug="")
    assert SeatClaim.objects.get().building is None


def test_unknown_buildings_and_testimonials_are_refused(pupil):
    with pytest.raises(UnknownBuilding):
        passport.record_presence(pupil=pupil, building_slug="nulle-part")
    other_edition = BuildingFactory(edition=EditionFactory(state="archived"))
    with pytest.raises(UnknownBuilding):
        passport.record_presence(pupil=pupil, building_slug=other_edition.slug)
    with pytest.raises(UnknownTestimonial):
        passport.record_testimonial(pupil=pupil, testimonial_id="abc", position=0)
    hidden = TestimonialFactory(
        company=building_in(pupil).company, published=False, video=VideoFactory()
    )
    with pytest.raises(UnknownTestimonial):
        passport.record_testimonial(pupil=pupil, testimonial_id=hidden.pk, position=0)
    without_video = TestimonialFactory(company=building_in(pupil).company, published=True)
    with pytest.raises(UnknownTestimonial):
        passport.record_testimonial(pupil=pupil, testimonial_id=without_video.pk, position=0)


# --- endpoints -----------------------------------------------------------------------------------


def pupil_client(pupil) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = seated_session(pupil)
    client.get("/rejoindre/")  # sets the CSRF cookie
    return client


def post(client, name, body, *, raw=None):
    return client.post(
        f"/classe/passeport/{name}/",
        raw if raw is not None else json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


def test_the_testimonial_endpoint_counts_reports_and_answers_the_passport(pupil):
    building = building_in(pupil)
    testimonial = published_testimonial(building)
    client = pupil_client(pupil)
    post(client, "visite", {"building": building.slug})
    first = post(client, "temoignage", {"testimonial": testimonial.pk, "position": 0})
    assert first.status_code == 200
    assert first.json()["buildings"] == 0
    TestimonialProgress.objects.update(reported_at=timezone.now() - datetime.timedelta(seconds=16))
    response = post(client, "temoignage", {"testimonial": testimonial.pk, "position": 16.5})
    assert response.status_code == 200
    assert response.json() == {
        "stamps": [{"building": building.slug, "name": building.name, "sector": "métallurgie"}],
        "buildings": 1,
        "sectors": 1,
        "goal_buildings": 5,
        "goal_sectors": 3,
        "complete": False,
        "new_stamp": building.name,
    }


def test_the_visit_endpoint_counts_time(pupil):
    building = building_in(pupil)
    client = pupil_client(pupil)
    assert post(client, "visite", {"building": building.slug}).json()["buildings"] == 0
    visit = BuildingVisit.objects.get()
    visit.last_ping_at = timezone.now() - datetime.timedelta(seconds=5)
    visit.save()
    post(client, "visite", {"building": building.slug})
    assert BuildingVisit.objects.get().seconds == 5


def test_the_endpoints_need_csrf_a_seat_and_json(pupil):
    building = building_in(pupil)
    no_csrf = Client(enforce_csrf_checks=True)
    no_csrf.cookies["sessionid"] = seated_session(pupil)
    refused = no_csrf.post("/classe/passeport/visite/", "{}", content_type="application/json")
    assert refused.status_code == 403

    stranger = Client()
    response = stranger.post(
        "/classe/passeport/visite/", {"building": building.slug}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"error": "Rejoins d'abord ta classe avec son code."}

    client = pupil_client(pupil.school_class.pupils.exclude(pk=pupil.pk).first())
    assert post(client, "visite", None, raw="{not json").status_code == 400
    assert post(client, "visite", None, raw="[1, 2]").status_code == 400
    unknown = post(client, "visite", {"building": "nulle-part"})
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "Ce bâtiment n'existe pas dans la ville."}
    assert post(client, "temoignage", {"testimonial": None, "position": 0}).status_code == 404
    testimonial = published_testimonial(building)
    for position in (None, "3", True, [1]):
        refused = post(client, "temoignage", {"testimonial": testimonial.pk, "position": position})
        assert refused.status_code == 400
        assert refused.json() == {"error": "Position de lecture illisible."}
    assert client.get("/classe/passeport/visite/").status_code == 405
