import datetime
import zoneinfo

import icalendar
import pytest

from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory
from usine.schools import invitations

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_the_invitation_is_in_paris_time_with_its_vtimezone():
    slot = SessionSlotFactory(starts_at=datetime.datetime(2031, 11, 24, 8, 30, tzinfo=PARIS))
    made = BookingFactory(slot=slot, school_class__name="3e B")
    calendar = icalendar.Calendar.from_ical(invitations.invitation(booking=made))
    timezones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["Europe/Paris"]
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == slot.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=90)
    assert "3e B" in str(event["SUMMARY"])
    assert made.school_class.code_display in str(event["DESCRIPTION"])
    assert invitations.filename(booking=made) == "usine-3e-b.ics"
    triggers = [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]
    assert triggers == [-datetime.timedelta(days=1), -datetime.timedelta(minutes=15)]


@pytest.mark.django_db
def test_the_invitation_follows_settings_time_zone(settings):
    settings.TIME_ZONE = "America/Martinique"
    slot = SessionSlotFactory(
        starts_at=datetime.datetime(2031, 11, 24, 12, 30, tzinfo=datetime.UTC)
    )
    calendar = icalendar.Calendar.from_ical(
        invitations.invitation(booking=BookingFactory(slot=slot))
    )
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Martinique"
    assert event["DTSTART"].to_ical() == b"20311124T083000"
