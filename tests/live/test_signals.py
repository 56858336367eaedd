"""The audit log records what an organizer does in the admin to a live exchange: a question, a
mute, a room, a booking — changed, added or deleted — in French, naming objects by number."""

import pytest
from django.urls import reverse

from tests.schools.factories import BookingFactory, PupilFactory
from tests.users.factories import UserFactory
from usine.live.models import LiveRoom, ModerationAction, Mute, Question
from usine.schools.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def room():
    return LiveRoom.objects.create(booking=BookingFactory())


def question_in(room, **fields):
    pupil = PupilFactory(school_class=room.booking.school_class)
    return Question.objects.create(
        room=room, author=pupil, text="Combien gagne un soudeur ?", **fields
    )


def logged(room=None):
    actions = ModerationAction.objects.order_by("pk")
    return [
        (a.room_id, a.action, a.actor_role_label, a.actor_id, a.question_id, a.pupil_id, a.detail)
        for a in actions
    ]


def test_a_question_changed_in_the_admin_is_in_the_rooms_log(client, organizer, room):
    question = question_in(room)
    url = reverse("admin:live_question_change", args=[question.pk])

    response = client.post(
        url,
        {
            "room": room.pk,
            "author": question.author_id,
            "text": question.text,
            "state": Question.State.APPROVED,
            "flag": "",
            "upvotes": 0,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert logged() == [
        (
            room.pk,
            ModerationAction.Action.ADMIN_CHANGE,
            "administration",
            organizer.pk,
            question.pk,
            None,
            f"Question n° {question.pk} : Modification de État.",
        )
    ]
    line = ModerationAction.objects.get()
    assert line.get_action_display() == "modification dans l'administration"


def test_the_change_is_told_in_french_whatever_the_organizers_language(client, organizer, room):
    question = question_in(room)
    client.cookies["django_language"] = "en"

    client.post(
        reverse("admin:live_question_change", args=[question.pk]),
        {"room": room.pk, "author": question.author_id, "text": "Combien ?", "state": "pending",
         "flag": "", "upvotes": 0},
    )  # fmt: skip

    assert ModerationAction.objects.get().detail == (
        f"Question n° {question.pk} : Modification de Question."
    )


def test_a_deleted_question_leaves_its_line_and_not_its_text(client, organizer, room):
    question = question_in(room)

    response = client.post(
        reverse("admin:live_question_delete", args=[question.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Question.objects.exists()
    assert logged() == [
        (
            room.pk,
            ModerationAction.Action.ADMIN_DELETE,
            "administration",
            organizer.pk,
            None,
            None,
            f"Question n° {question.pk}",
        )
    ]


def test_mutes_deleted_together_from_the_list_are_each_logged(client, organizer, room):
    pupils = PupilFactory.create_batch(2, school_class=room.booking.school_class)
    mutes = [Mute.objects.create(room=room, pupil=pupil) for pupil in pupils]

    response = client.post(
        reverse("admin:live_mute_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in mutes], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Mute.objects.exists()
    assert sorted(logged()) == [
        (
            room.pk,
            ModerationAction.Action.ADMIN_DELETE,
            "administration",
            organizer.pk,
            None,
            mute.pupil_id,
            f"Élève en sourdine n° {mute.pk}",
        )
        for mute in mutes
    ]


def test_a_booking_deleted_in_the_admin_stays_in_the_log_without_its_room(client, organizer, room):
    booking = room.booking

    response = client.post(
        reverse("admin:schools_booking_delete", args=[booking.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Booking.objects.exists()
    assert not LiveRoom.objects.exists()
    assert logged() == [
        (
            None,
            ModerationAction.Action.ADMIN_DELETE,
            "administration",
            organizer.pk,
            None,
            None,
            f"Réservation n° {booking.pk}",
        )
    ]


def test_other_admin_edits_are_not_in_the_log(client, organizer):
    someone = UserFactory()

    client.post(reverse("admin:auth_user_delete", args=[someone.pk]), {"post": "yes"})
    response = client.post(
        reverse("admin:schools_booking_delete", args=[BookingFactory().pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    # The booking without a room is logged; the account is Django's own log's business only.
    assert [a.action for a in ModerationAction.objects.all()] == ["admin_delete"]
