"""Replacing a class's professional on the fair day (usine/professionals/replacement.py), on the
shared small edition (world.py): c1 (wants weld) and c2 (design) at Monday 08:30 UTC have Alice
and Bob; two more professionals are free at that hour."""

import datetime

import pytest
from django.core import mail

from tests.professionals.factories import ProfessionalFactory
from usine.live.models import LiveRoom, ModerationAction
from usine.professionals import replacement, schedule
from usine.professionals.models import ScheduleRun

from .test_schedule import solve_now, teacher_mails
from .world import assignment_names, build_world

UTC = datetime.UTC
STARTED = datetime.datetime(2031, 11, 24, 9, 28, tzinfo=UTC)  # minute 58 of the first slot


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    world = build_world()
    solve_now(world, django_capture_on_commit_callbacks)
    # Two more professionals declared the first slot after the schedule was made.
    s1 = world.slots[0]
    weld_company, design_company = world.weld.company, world.design.company
    world.pros["erin"] = ProfessionalFactory(
        edition=world.edition, first_name="Erin", company=weld_company, job=world.weld, slots=[s1]
    )
    world.pros["fay"] = ProfessionalFactory(
        edition=world.edition,
        first_name="Fay",
        company=design_company,
        job=world.design,
        slots=[s1],
    )
    mail.outbox.clear()
    return world


def names(found):
    return [c.professional.first_name for c in found]


@pytest.mark.django_db
def test_backups_are_the_free_professionals_of_the_slot_wished_trade_first(world):
    run = schedule.current_run(edition=world.edition)
    taken = assignment_names(world, run)
    assert (taken["c1"], taken["c2"]) == ("Alice", "Bob")
    # Erin and Fay are free at 08:30; Alice and Bob are busy, Carol has no charter, Dan is
    # not free then. c1 wants a welder: Erin first; c2 a designer: Fay first.
    assert names(replacement.candidates(booking=world.bookings["c1"])) == ["Erin", "Fay"]
    assert names(replacement.candidates(booking=world.bookings["c2"])) == ["Fay", "Erin"]
    found = replacement.candidates(booking=world.bookings["c1"])
    assert [(c.wished, c.same_trade, c.at_day_limit) for c in found] == [
        (True, True, False),
        (False, False, False),
    ]


@pytest.mark.django_db
def test_a_started_session_gets_its_backup_and_everyone_is_told_once(
    world, django_capture_on_commit_callbacks
):
    booking = world.bookings["c1"]
    erin, alice = world.pros["erin"], world.pros["alice"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        replaced = replacement.replace(booking=booking, professional=erin, now=STARTED)

    assert replaced == alice
    # Once committed: the pages' cached current run and class (the room's page names Erin) are
    # forgotten, Alice's room sockets are closed (live.services), everyone is e-mailed.
    assert [c.__qualname__ for c in callbacks] == [
        "forget_the_current_run.<locals>.<lambda>",
        "renew_on_change.<locals>.<lambda>",
        "set_professional.<locals>.<lambda>",
        "replace.<locals>.<lambda>",
    ]
    run = schedule.current_run(edition=world.edition)
    assert run.kind == ScheduleRun.Kind.REPLACE
    assert assignment_names(world, run) == {"c1": "Erin", "c2": "Bob", "c3": "Dan", "c4": "Bob"}
    assert run.result["changed"] == [booking.pk]
    assert LiveRoom.objects.get(booking=booking).professional_id == erin.user_id
    assert [str(a) for a in ModerationAction.objects.all()] == [
        "changement de professionnel·le (organisation)"
    ]
    # Alice did not come: no later re-solve gives her this slot back.
    assert not alice.available_slots.filter(pk=booking.slot_id).exists()
    assert [m.to for m in teacher_mails()] == [[booking.school_class.teacher.user.email]]
    assert "Erin" in teacher_mails()[0].body
    pro_mails = sorted(m.to[0] for m in mail.outbox if m not in teacher_mails())
    assert pro_mails == sorted([erin.user.email, alice.user.email])
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_someone_busy_at_that_hour_is_refused(world):
    with pytest.raises(replacement.ReplacementError) as refused:
        replacement.replace(
            booking=world.bookings["c1"], professional=world.pros["bob"], now=STARTED
        )
    assert refused.value.message == "Bob n'est pas libre à cette heure-là."
    assert schedule.current_run(edition=world.edition).kind == ScheduleRun.Kind.SOLVE


@pytest.mark.django_db
def test_an_ended_session_cannot_change(world):
    over = datetime.datetime(2031, 11, 24, 10, 0, tzinfo=UTC)
    with pytest.raises(replacement.ReplacementError) as refused:
        replacement.replace(booking=world.bookings["c1"], professional=world.pros["erin"], now=over)
    assert refused.value.message == "Cette session est terminée : l'échange ne peut plus changer."


@pytest.mark.django_db
def test_the_minimal_re_solve_may_change_a_started_session(
    world, django_capture_on_commit_callbacks
):
    booking = world.bookings["c1"]

    with django_capture_on_commit_callbacks(execute=True):
        changed = replacement.resolve(booking=booking, now=STARTED)

    assert changed == [booking.pk]
    run = schedule.current_run(edition=world.edition)
    assert run.kind == ScheduleRun.Kind.RESOLVE
    # Erin (a welder, free) takes c1; nothing else moves.
    assert assignment_names(world, run) == {"c1": "Erin", "c2": "Bob", "c3": "Dan", "c4": "Bob"}
    assert LiveRoom.objects.get(booking=booking).professional_id == world.pros["erin"].user_id
    assert len(teacher_mails()) == 1
