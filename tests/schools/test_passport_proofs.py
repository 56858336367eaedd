"""What stands behind a stamp: the server's clock and the pupil's own requests. A cheater who
pings several buildings at once, posts testimonials without playing them, replays or jumps in a
video, or plays a video of another building wins nothing; an honest pupil, at the real pace,
gets their stamps. Time is the service functions' `now`."""

import datetime
import random

import pytest

from tests.exhibits.factories import CompanyFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.factories import VideoFactory
from usine.exhibits.models import Sector
from usine.schools import passport
from usine.schools.models import BuildingVisit, TestimonialView

from .helpers import booked_class
from .test_passport import post, pupil_client

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2031, 11, 24, 9, 0, tzinfo=datetime.UTC)
VIDEO_SECONDS = 30.0
SECTORS = [Sector.METALLURGY, Sector.ENERGY, Sector.LOGISTICS, Sector.METALLURGY, Sector.ENERGY]


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def stamp_after_45_seconds(settings):
    settings.PASSPORT_STAMP_SECONDS = 45


@pytest.fixture
def pupil():
    return booked_class().school_class.pupils.first()


@pytest.fixture
def buildings(pupil):
    """Eight buildings of the pupil's edition, each with a published testimonial of 30 s."""
    result = []
    for number in range(8):
        building = BuildingFactory(
            edition=pupil.school_class.edition,
            company=CompanyFactory(sector=SECTORS[number % len(SECTORS)]),
        )
        TestimonialFactory(
            company=building.company,
            published=True,
            video=VideoFactory(duration_s=VIDEO_SECONDS),
        )
        result.append(building)
    return result


def the_testimonial_of(building):
    return building.company.testimonials.get()


def ping(pupil, building, second):
    return passport.record_presence(pupil=pupil, building_slug=building.slug, now=at(second))


def report(pupil, building, position, second):
    return passport.record_testimonial(
        pupil=pupil,
        testimonial_id=the_testimonial_of(building).pk,
        position=position,
        now=at(second),
    )


def nothing_won(pupil):
    assert BuildingVisit.objects.filter(pupil=pupil, stamped_at__isnull=False).count() == 0
    assert TestimonialView.objects.filter(pupil=pupil).count() == 0
    assert passport.passport_of(pupil=pupil).buildings == 0


# --- the cheater -----------------------------------------------------------------------------


def test_parallel_pings_for_several_buildings_win_no_time(pupil, buildings):
    """Every 5 s for ten minutes, one ping per building, all at the same instant: each ping moves
    the seat, so no building ever sees two pings of its own in a row."""
    shuffled = random.Random(11)
    for second in range(0, 600, passport.PING_SECONDS):
        order = buildings[:]
        shuffled.shuffle(order)
        for building in order:
            assert ping(pupil, building, second).new_stamp == ""
    nothing_won(pupil)
    # Whatever the order, a seat collects at most the time that passed, over all buildings.
    assert sum(BuildingVisit.objects.values_list("seconds", flat=True)) <= 600


def test_the_same_parallel_pings_in_a_fixed_order_win_no_second(pupil, buildings):
    for second in range(0, 600, passport.PING_SECONDS):
        for building in buildings:
            ping(pupil, building, second)
    nothing_won(pupil)
    assert set(BuildingVisit.objects.values_list("seconds", flat=True)) == {0}


def test_alternating_between_two_buildings_counts_for_neither(pupil, buildings, settings):
    settings.PASSPORT_STAMP_SECONDS = 45
    first, second = buildings[:2]
    for tick in range(0, 300, 2):
        ping(pupil, first if tick % 4 == 0 else second, tick)
    nothing_won(pupil)
    assert set(BuildingVisit.objects.values_list("seconds", flat=True)) == {0}


def test_pings_far_apart_count_nothing(pupil, buildings):
    for second in range(0, 3600, 60):  # one ping a minute for an hour
        ping(pupil, buildings[0], second)
    nothing_won(pupil)
    assert BuildingVisit.objects.get().seconds == 0


def test_testimonials_posted_at_once_without_playing_win_nothing(pupil, buildings):
    """Five testimonials in a fraction of a second: the start, the end, the end again."""
    for building in buildings[:5]:
        ping(pupil, building, 0)
        for position in (0, VIDEO_SECONDS, VIDEO_SECONDS, VIDEO_SECONDS * 0.8):
            assert report(pupil, building, position, 0.03).new_stamp == ""
    nothing_won(pupil)


def test_a_jump_ahead_or_a_fast_forward_restarts_the_count(pupil, buildings):
    building = buildings[0]
    ping(pupil, building, 0)
    report(pupil, building, 0, 0)
    report(pupil, building, 55, 10)  # 55 s of video in 10 s
    # then three times as fast as the clock, report after report
    for step in range(1, 8):
        ping(pupil, building, 10 + 5 * step)
        report(pupil, building, min(15.0 * step, VIDEO_SECONDS), 10 + 5 * step)
    nothing_won(pupil)


def test_a_burst_of_tiny_reports_wins_no_more_than_the_clock(pupil, buildings):
    building = buildings[0]
    ping(pupil, building, 0)
    for number in range(200):  # 200 reports in 2 s, each a little further
        report(pupil, building, number * 0.3, number * 0.01)
    nothing_won(pupil)


def test_replaying_the_same_part_does_not_add_up(pupil, buildings):
    """The first 15 s, played twice at the real pace: 30 s played, never 80 % in one run."""
    building = buildings[0]
    ping(pupil, building, 0)
    clock = 0
    for _round in range(2):
        for position in range(0, 16, 5):
            report(pupil, building, position, clock)
            clock += 5
    nothing_won(pupil)


def test_a_video_of_another_building_counts_for_nothing(pupil, buildings):
    """The seat is in building A the whole time; the reports are for building B's video."""
    here, elsewhere = buildings[:2]
    for second in range(0, 40, 5):
        ping(pupil, here, second)
        report(pupil, elsewhere, float(second), second)
    assert TestimonialView.objects.count() == 0
    assert not BuildingVisit.objects.filter(building=elsewhere, stamped_at__isnull=False).exists()
    assert not BuildingVisit.objects.filter(building=here, stamped_at__isnull=False).exists()


def test_the_endpoints_give_the_cheater_nothing(pupil, buildings):
    client = pupil_client(pupil)
    for building in buildings:
        assert post(client, "visite", {"building": building.slug}).status_code == 200
    for building in buildings[:5]:
        testimonial = the_testimonial_of(building).pk
        for position in (0, VIDEO_SECONDS):
            answer = post(client, "temoignage", {"testimonial": testimonial, "position": position})
            assert answer.status_code == 200
            assert answer.json()["buildings"] == 0
    nothing_won(pupil)
    assert post(client, "temoignage", {"testimonial": testimonial}).status_code == 400
    assert (
        post(client, "temoignage", {"testimonial": testimonial, "position": "60"}).status_code
        == 400
    )


# --- the honest pupil ------------------------------------------------------------------------


def test_an_honest_pupil_gets_time_stamps_and_testimonial_stamps(pupil, buildings):
    clock = 0
    # 1. Stays 50 s in the first building: stamped for the time.
    for _tick in range(11):
        result = ping(pupil, buildings[0], clock)
        clock += passport.PING_SECONDS
    assert BuildingVisit.objects.get(building=buildings[0]).stamp == BuildingVisit.Stamp.TIME
    assert result.buildings == 1

    # 2. Walks to the second building and plays its testimonial at the real pace, reporting every
    #    8 s; pings every 5 s, but for half a minute in the middle where another tab was shown
    #    (no pings: the video paused, the seat still in the building).
    ping(pupil, buildings[1], clock)
    start = clock
    report(pupil, buildings[1], 0.0, clock)
    new_stamps = []
    position = 0.0
    while position < VIDEO_SECONDS:
        clock += 1
        position += 1
        if position == 12:
            report(pupil, buildings[1], position, clock)  # paused
            clock += 30
            start = clock
            report(pupil, buildings[1], position, clock)  # playing again
        if (clock - start) % passport.PING_SECONDS == 0:
            ping(pupil, buildings[1], clock)
        if position % 8 == 0 or position == VIDEO_SECONDS:
            new_stamps.append(report(pupil, buildings[1], position, clock).new_stamp)
    assert buildings[1].name in new_stamps
    visit = BuildingVisit.objects.get(building=buildings[1])
    assert visit.stamp == BuildingVisit.Stamp.TESTIMONIAL
    assert TestimonialView.objects.get().testimonial == the_testimonial_of(buildings[1])

    # 3. Plays the third building's testimonial one and a half times as fast: counted too.
    clock += 10
    ping(pupil, buildings[2], clock)
    position = 0.0
    report(pupil, buildings[2], position, clock)
    while position < VIDEO_SECONDS:
        clock += passport.PING_SECONDS
        position = min(position + 1.5 * passport.PING_SECONDS, VIDEO_SECONDS)
        ping(pupil, buildings[2], clock)
        result = report(pupil, buildings[2], position, clock)
    assert result.buildings == 3
    assert result.sectors == 3
    assert BuildingVisit.objects.get(building=buildings[2]).stamp == BuildingVisit.Stamp.TESTIMONIAL


def test_a_pupil_who_seeks_back_and_watches_on_is_stamped(pupil, buildings):
    """Seeking back restarts the count from there; watching 80 % from there on still stamps."""
    building = buildings[0]
    clock = 0
    ping(pupil, building, clock)
    report(pupil, building, 0, clock)
    for position in (5, 10, 15, 20):
        clock += 5
        report(pupil, building, position, clock)
    position = 2.0  # back to hear something again
    report(pupil, building, position, clock)
    while position < VIDEO_SECONDS:
        clock += 5
        position = min(position + 5, VIDEO_SECONDS)
        result = report(pupil, building, position, clock)
    assert result.buildings == 1
    assert BuildingVisit.objects.get().stamp == BuildingVisit.Stamp.TESTIMONIAL
