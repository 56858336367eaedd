"""A slot of two hours: everyone reads the same timeline. Pupils move to the live exchange at
minute 60, and the live room, the professional's page, the e-mails and both .ics say minute 60."""

import datetime
import json
import re

import icalendar
import pytest
from django.urls import reverse

from tests.fair.factories import SessionSlotFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory
from usine.live.services import room_for_booking
from usine.professionals import mail
from usine.professionals.models import Assignment, ScheduleRun
from usine.schools import invitations, session_clock

pytestmark = pytest.mark.django_db

# 9:00 in Paris; the exchange starts at 10:00 and ends at 11:00.
STARTS = datetime.datetime(2031, 11, 24, 8, 0, tzinfo=datetime.UTC)
EXCHANGE = STARTS + datetime.timedelta(minutes=60)
ENDS = STARTS + datetime.timedelta(minutes=120)


@pytest.fixture
def assignment():
    slot = SessionSlotFactory(starts_at=STARTS, duration_minutes=120)
    booking = BookingFactory(slot=slot, school_class__teacher__user__email="prof@college.fr")
    professional = ProfessionalFactory(edition=slot.edition, user__email="ines@vannes.fr")
    run = ScheduleRun.objects.create(
        edition=slot.edition, status=ScheduleRun.Status.DONE, women_target_share=0.4
    )
    return Assignment.objects.create(run=run, booking=booking, professional=professional)


def test_the_timeline_of_a_two_hour_slot():
    timeline = SessionSlotFactory(starts_at=STARTS, duration_minutes=120).timeline
    assert (timeline.opens_at, timeline.exchange_starts_at, timeline.ends_at) == (
        STARTS - datetime.timedelta(minutes=15),
        EXCHANGE,
        ENDS,
    )
    assert (timeline.exploration_minutes, timeline.exchange_minutes) == (60, 60)


def test_pupils_move_to_the_exchange_at_minute_60(assignment):
    slot = assignment.booking.slot
    minute = datetime.timedelta(minutes=1)
    assert session_clock.clock_for(slot=slot, now=EXCHANGE - minute).phase == "exploring"
    assert session_clock.clock_for(slot=slot, now=EXCHANGE).phase == "live"
    assert session_clock.clock_for(slot=slot, now=STARTS).seconds_to_move == 3600


def exchange_event(ics: bytes):
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_the_exchange_e_mail_and_its_ics_say_minute_60(assignment, mailoutbox):
    mail.send_teacher(booking=assignment.booking, assignment=assignment, run_id=1)
    (message,) = mailoutbox
    assert "à 10:00 (heure de Paris)" in message.body
    event = exchange_event(message.attachments[0][1])
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (EXCHANGE, ENDS)
    assert str(event["description"]).startswith("60 minutes d'échange en direct entre")


def test_the_class_invitation_says_when_the_exchange_starts(assignment):
    event = exchange_event(invitations.invitation(booking=assignment.booking))
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (STARTS, ENDS)
    assert "60 minutes d'exploration libre de la ville, puis 60 minutes d'échange en direct" in (
        str(event["description"])
    )
    assert "(à 10:00)" in str(event["description"])


def test_the_professional_and_the_live_room_say_minute_60(assignment, client):
    client.force_login(assignment.professional.user)
    page = client.get(reverse("professionals:assignments")).content.decode()
    assert "lundi 24 novembre 2031, 10:00" in page

    room = room_for_booking(booking=assignment.booking)
    room.professional = assignment.professional.user
    room.save()
    page = client.get(reverse("live:room", args=[room.pk])).content.decode()
    config = json.loads(re.search(r'id="live-room-config"[^>]*>(.*?)</script>', page).group(1))
    assert config["clock"]["startsAt"] == EXCHANGE.isoformat()
    assert config["clock"]["endsAt"] == ENDS.isoformat()
