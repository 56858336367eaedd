import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.exhibits.factories import CompanyFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from usine.exhibits.models import Sector
from usine.schools import passport
from usine.schools.errors import UnknownBuilding, UnknownTestimonial
from usine.schools.models import BuildingVisit, SeatClaim, TestimonialView

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


def test_a_long_silence_credits_at_most_the_ping_gap(pupil, settings):
    settings.PASSPORT_STAMP_SECONDS = 30
    building = building_in(pupil)
    passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(0))
    result = passport.record_presence(pupil=pupil, building_slug=building.slug, now=later(600))
    assert result.buildings == 0
    assert BuildingVisit.objects.get().seconds == 20


def test_a_testimonial_watched_stamps_its_building_at_once(pupil):
    building = building_in(pupil)
    testimonial = TestimonialFactory(company=building.company, published=True)
    result = passport.record_testimonial(pupil=pupil, testimonial_id=testimonial.pk)
    assert result.new_stamp == building.name
    assert BuildingVisit.objects.get().stamp == BuildingVisit.Stamp.TESTIMONIAL
    again = passport.record_testimonial(pupil=pupil, testimonial_id=testimonial.pk)
    assert again.new_stamp == ""
    assert TestimonialView.objects.count() == 1


def test_the_goal_needs_five_buildings_in_three_sectors(pupil):
    sectors = [Sector.METALLURGY] * 3 + [Sector.ENERGY, Sector.ENERGY]
    for sector in sectors:
        testimonial = TestimonialFactory(company=building_in(pupil, sector).company, published=True)
        result = passport.record_testimonial(pupil=pupil, testimonial_id=testimonial.pk)
    assert (result.buildings, result.sectors, result.complete) == (5, 2, False)
    testimonial = TestimonialFactory(
        company=building_in(pupil, Sector.LOGISTICS).company, published=True
    )
    result = passport.record_testimonial(pupil=pupil, testimonial_id=testimonial.pk)
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
        passport.record_testimonial(pupil=pupil, testimonial_id="abc")
    hidden = TestimonialFactory(company=building_in(pupil).company, published=False)
    with pytest.raises(UnknownTestimonial):
        passport.record_testimonial(pupil=pupil, testimonial_id=hidden.pk)


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


def test_the_testimonial_endpoint_stamps_and_answers_the_passport(pupil):
    building = building_in(pupil)
    testimonial = TestimonialFactory(company=building.company, published=True)
    response = post(pupil_client(pupil), "temoignage", {"testimonial": testimonial.pk})
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
    assert post(client, "temoignage", {"testimonial": None}).status_code == 404
    assert client.get("/classe/passeport/visite/").status_code == 405
