"""The fair-day console's pages: the JSON's counts with real room sockets connected, the
replacement and slot message forms, kept to organizers."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from tests.fair.factories import EditionFactory
from tests.live.test_consumers import open_socket
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from tests.users.factories import UserFactory
from usine.fair.models import SessionSlot
from usine.live.models import LiveRoom, Question
from usine.live.rooms.attendance import get_attendance
from usine.live.rooms.hub import get_hub
from usine.professionals import schedule
from usine.professionals.models import Assignment, ScheduleRun, SlotMessage
from usine.schools.models import SeatClaim

PAGES = ["/organisation/direct/jour-j/", "/organisation/direct/jour-j/etat"]


class Day:
    """Today's session, started 57 minutes ago (the teachers are called into the rooms), with
    one class and its professional, and another class of the same slot without one."""

    def __init__(self):
        now = timezone.now()
        self.edition = EditionFactory()
        self.slot = SessionSlot.objects.create(
            edition=self.edition,
            starts_at=now - datetime.timedelta(minutes=57),
        )
        self.booking = BookingFactory(
            school_class=SchoolClassFactory(edition=self.edition, name="3e Curie"), slot=self.slot
        )
        self.other = BookingFactory(
            school_class=SchoolClassFactory(edition=self.edition, name="4e Hopper"),
            slot=self.slot,
        )
        self.pro = ProfessionalFactory(edition=self.edition, first_name="Inès", slots=[self.slot])
        self.backup = ProfessionalFactory(
            edition=self.edition, first_name="Jules", slots=[self.slot]
        )
        run = ScheduleRun.objects.create(
            edition=self.edition,
            women_target_share=0.5,
            status=ScheduleRun.Status.DONE,
            finished_at=now,
        )
        Assignment.objects.create(run=run, booking=self.booking, professional=self.pro)
        self.room = LiveRoom.objects.create(booking=self.booking, professional=self.pro.user)
        self.pupils = [PupilFactory(school_class=self.booking.school_class) for _ in range(2)]
        # The second pupil holds a seat (chose the pseudonym) and is not connected yet.
        SeatClaim.objects.create(pupil=self.pupils[1], session_key="k" * 32)
        Question.objects.create(room=self.room, author=self.pupils[0], text="Une question ?")
        self.organizer = UserFactory(is_staff=True)


def state(user):
    client = Client()
    client.force_login(user)
    response = client.get("/organisation/direct/jour-j/etat")
    assert response.status_code == 200
    return response.json()


def row(data, booking):
    return next(c for s in data["slots"] for c in s["classes"] if c["booking"] == booking.pk)


@pytest.mark.django_db(transaction=True)
async def test_the_console_counts_the_sockets_connected_now():
    day = await sync_to_async(Day)()
    try:
        before = await sync_to_async(state)(day.organizer)
        assert row(before, day.booking) | {"alerts": None} == {
            "booking": day.booking.pk,
            "class": "3e Curie",
            "school": day.booking.school_class.teacher.school.name,
            "teacher_connected": False,
            "pupils_connected": 0,
            "pupils": 2,
            "professional": "Inès",
            "professional_connected": False,
            "moderator_connected": False,
            "pending_questions": 1,
            "phase": "exploring",
            "state": "exploring",
            "alerts": None,
        }
        assert row(before, day.booking)["alerts"] == ["unmoderated"]
        assert row(before, day.other)["alerts"] == ["no_professional"]

        pro = await open_socket(day.room.pk, user=day.pro.user)
        teacher = await open_socket(day.room.pk, user=day.booking.school_class.teacher.user)
        pupil = await open_socket(day.room.pk, pupil=day.pupils[1])
        await get_attendance().writing  # their presence, written with the process's others
        during = await sync_to_async(state)(day.organizer)
        found = row(during, day.booking)
        assert (
            found["professional_connected"],
            found["teacher_connected"],
            found["moderator_connected"],
            found["pupils_connected"],
            found["alerts"],
        ) == (True, True, True, 1, [])
        assert [a["kind"] for a in during["alerts"]] == ["no_professional"]
        assert "4e Hopper" in during["html"]

        await pro.disconnect()
        await teacher.disconnect()
        await pupil.disconnect()
        after = row(await sync_to_async(state)(day.organizer), day.booking)
        assert (after["professional_connected"], after["teacher_connected"]) == (False, False)
    finally:
        await get_hub().close()
        await get_attendance().close()
        await sync_to_async(connections.close_all)()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_the_console_is_for_organizers_only(client, url):
    Day()
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_page_shows_alerts_on_top_and_on_the_row(client):
    day = Day()
    client.force_login(day.organizer)
    page = client.get("/organisation/direct/jour-j/").content.decode()
    assert page.index("2 alertes") < page.index("3e Curie")
    assert escape("La classe 4e Hopper n'a pas de professionnel·le pour son échange.") in page
    assert f'id="classe-{day.other.pk}" data-booking="{day.other.pk}" class="has-alert"' in page
    assert 'aria-live="assertive"' in page
    assert 'href="/organisation/direct/jour-j/"' in page  # refresh without JavaScript


@pytest.mark.django_db
def test_the_organizer_gives_the_class_a_backup(client, django_capture_on_commit_callbacks):
    day = Day()
    client.force_login(day.organizer)
    url = f"/organisation/direct/jour-j/classes/{day.booking.pk}/remplacer/"
    page = client.get(url).content.decode()
    assert "Jules — " in page
    assert "Professionnel·le prévu·e : Inès" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"professional": day.backup.pk})

    assert response.status_code == 302
    assert response.url == "/organisation/direct/jour-j/"
    current = schedule.current_run(edition=day.edition)
    assert dict(current.assignments.values_list("booking_id", "professional_id")) == {
        day.booking.pk: day.backup.pk
    }
    assert LiveRoom.objects.get(pk=day.room.pk).professional_id == day.backup.user_id
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [day.booking.school_class.teacher.user.email, day.pro.user.email, day.backup.user.email]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "-1"])
def test_a_bad_choice_is_a_form_error(client, value):
    day = Day()
    client.force_login(day.organizer)
    url = f"/organisation/direct/jour-j/classes/{day.booking.pk}/remplacer/"
    response = client.post(url, {"professional": value})
    assert response.status_code == 400
    assert "Le formulaire contient des erreurs" in response.content.decode()


@pytest.mark.django_db
def test_a_message_reaches_every_teacher_of_the_slot_once(
    client, django_capture_on_commit_callbacks
):
    day = Day()
    client.force_login(day.organizer)
    url = f"/organisation/direct/jour-j/creneaux/{day.slot.pk}/message/"
    assert client.post(url, {"text": "  "}).status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "L'échange commence 5 minutes plus tard."})

    assert response.status_code == 302
    teachers = sorted(
        [day.booking.school_class.teacher.user.email, day.other.school_class.teacher.user.email]
    )
    assert sorted(m.to[0] for m in mail.outbox) == teachers
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert "L'échange commence 5 minutes plus tard." in mail.outbox[0].body
    stored = SlotMessage.objects.get()
    assert (stored.recipients, stored.sent_by) == (2, day.organizer)
    page = client.get("/organisation/direct/jour-j/").content.decode()
    assert "(2 destinataires)" in page
