import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import translation

from tests.fair.factories import EditionFactory, SessionSlotFactory
from tests.schools.factories import BookingFactory
from usine.fair.models import SessionSlot

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _in_french():
    with translation.override("fr"):
        yield


@pytest.fixture
def edition():
    # Monday 22 to Friday 26 November 2021.
    return EditionFactory(slug="salon-2021")


def test_the_command_creates_each_weekday_at_each_start_time_in_paris_time(edition, capsys):
    call_command("create_slots", "salon-2021", "--capacity", "12", "--times", "08:30,13:30")
    slots = list(SessionSlot.objects.filter(edition=edition))
    assert len(slots) == 10
    first = slots[0]
    assert first.starts_at == datetime.datetime(2021, 11, 22, 8, 30, tzinfo=PARIS)
    assert first.starts_at.astimezone(datetime.UTC).hour == 7  # winter time, UTC+1
    assert (first.capacity, first.duration_minutes, first.booked) == (12, 90, 0)
    assert "10 créneaux créés" in capsys.readouterr().out


def test_the_start_times_are_on_the_clock_of_settings_time_zone(edition, settings):
    settings.TIME_ZONE = "Indian/Reunion"
    call_command("create_slots", "salon-2021", "--capacity", "12", "--times", "08:30")
    first = SessionSlot.objects.filter(edition=edition).first()
    assert first.starts_at.astimezone(datetime.UTC).hour == 4  # UTC+4, no summer time


def test_running_it_again_keeps_the_existing_slots_and_their_bookings(edition):
    call_command("create_slots", "salon-2021", "--capacity", "12")
    slot = SessionSlot.objects.filter(edition=edition).first()
    BookingFactory(slot=slot)
    call_command("create_slots", "salon-2021", "--capacity", "30")
    assert SessionSlot.objects.filter(edition=edition).count() == 20
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked) == (12, 1)


def test_weekends_are_skipped_unless_asked(edition):
    edition.ends_on = datetime.date(2021, 11, 28)
    edition.save()
    call_command("create_slots", "salon-2021", "--capacity", "5", "--times", "10:15")
    assert SessionSlot.objects.count() == 5
    call_command("create_slots", "salon-2021", "--capacity", "5", "--times", "10:15", "--weekends")
    assert SessionSlot.objects.count() == 7


@pytest.mark.parametrize(
    "args",
    [
        ["inconnue", "--capacity", "5"],
        ["salon-2021", "--capacity", "0"],
        ["salon-2021", "--capacity", "5", "--times", "8h30"],
    ],
)
def test_bad_command_input_gets_a_clear_error(edition, args):
    with pytest.raises(CommandError):
        call_command("create_slots", *args)
    assert not SessionSlot.objects.exists()


def test_two_slots_of_an_edition_cannot_start_together(edition):
    slot = SessionSlotFactory(edition=edition)
    with pytest.raises(IntegrityError):
        SessionSlotFactory(edition=edition, starts_at=slot.starts_at)


def test_capacity_cannot_drop_below_the_bookings(edition):
    slot = BookingFactory(slot=SessionSlotFactory(edition=edition, capacity=2)).slot
    BookingFactory(slot=slot)
    slot.refresh_from_db()
    slot.capacity = 1
    with pytest.raises(ValidationError) as raised:
        slot.full_clean()
    assert "capacity" in raised.value.message_dict
    assert slot.remaining == 0
