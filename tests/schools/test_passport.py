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
from usine.schools.errors import NotYours, UnknownBuilding, UnknownTestimonial
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


def test_a_round_of_pings_is_recorded_in_the_same_few_statements_whatever_its_size(
    settings, django_assert_num_queries
):
    """A process's session bars send their pupils' pings together (100 a second at the design
    point): one lock, one read of the buildings, of the visits, of the passports, one write of
    each kind; each pupil is answered as if it had pinged alone."""
    settings.PASSPORT_STAMP_SECONDS = 10
    pupils = list(booked_class(pupils=6).school_class.pupils.order_by("pk"))
    for pupil in pupils:
        seated_session(pupil)
    stays, moves, town, lost, arrives, gone = pupils
    first, second = building_in(stays), building_in(stays, Sector.LOGISTICS)
    passport.record_presence(pupil=stays, building_slug=first.slug, now=later(0))
    passport.record_presence(pupil=moves, building_slug=second.slug, now=later(0))
    passport.record_presence(pupil=town, building_slug=second.slug, now=later(0))
    gone_id = gone.pk
    gone.delete()
    with django_assert_num_queries(12):  # a savepoint and its release among them
        answers = passport.record_presences(
            pings={
                stays.pk: first.slug,
                moves.pk: first.slug,
                town.pk: "",
                lost.pk: "nulle-part",
                arrives.pk: second.slug,
                gone_id: first.slug,
            },
            now=later(10),
        )
    assert answers[stays.pk].new_stamp == first.name
    assert [stamp["building"] for stamp in answers[stays.pk].stamps] == [first.slug]
    assert [answers[pupil.pk].as_json()["buildings"] for pupil in (moves, town, arrives)] == [
        0,
        0,
        0,
    ]
    assert isinstance(answers[lost.pk], UnknownBuilding)
    assert isinstance(answers[gone_id], NotYours)
    visits = {
        (visit.pupil_id, visit.building_id): (visit.seconds, visit.last_ping_at, visit.stamp)
        for visit in BuildingVisit.objects.all()
    }
    assert visits == {
        (stays.pk, first.pk): (10, later(10), BuildingVisit.Stamp.TIME),
        (moves.pk, second.pk): (0, None, ""),  # left: its clock stopped
        (moves.pk, first.pk): (0, later(10), ""),
        (town.pk, second.pk): (0, None, ""),
        (arrives.pk, second.pk): (0, later(10), ""),
    }
    seats = {
        claim.pupil_id: (claim.building_id, claim.last_seen_at) for claim in SeatClaim.objects.all()
    }
    assert seats == {
        stays.pk: (first.pk, later(10)),
        moves.pk: (first.pk, later(10)),
        town.pk: (None, later(10)),
        lost.pk: (None, None),  # refused: not moved
        arrives.pk: (second.pk, later(10)),
    }


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
