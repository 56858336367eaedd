import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory
from tests.users.factories import UserFactory
from usine.live.models import LiveRoom
from usine.professionals import schedule, services
from usine.professionals.models import Assignment, ScheduleRun

from .world import assignment_names, build_world

NOW = datetime.datetime(2031, 11, 1, tzinfo=datetime.UTC)


def solve_now(world, captured, share=0.5):
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=share)
    with captured(execute=True):
        return schedule.execute_run(run_id=run.pk, now=NOW)


def teacher_mails():
    return [
        m for m in mail.outbox if m.subject.startswith("Usine : l'échange en direct de la classe")
    ]


def pro_mails():
    return [
        m for m in mail.outbox if m.subject == "Usine : vos échanges en direct avec des classes"
    ]


def ics_events(message):
    (_name, content, mimetype), *_ = message.attachments
    assert mimetype.startswith("text/calendar")
    return [c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT"], content


@pytest.mark.django_db
def test_the_run_stores_the_only_optimal_schedule(django_capture_on_commit_callbacks):
    world = build_world()

    run = solve_now(world, django_capture_on_commit_callbacks)

    assert run.status == ScheduleRun.Status.DONE
    assert run.progress == 100
    assert assignment_names(world, run) == {"c1": "Alice", "c2": "Bob", "c3": "Dan", "c4": "Bob"}
    assert run.result["assigned"] == 4
    assert run.result["unassigned"] == []
    assert run.result["matched"] == 3
    assert run.result["women"] == 1
    assert run.result["women_target"] == 2
    assert run.result["coverage"] == [
        {"trade": world.weld.trade_id, "asked": 2, "served": 1},
        {"trade": world.design.trade_id, "asked": 2, "served": 2},
    ] or run.result["coverage"] == [
        {"trade": world.design.trade_id, "asked": 2, "served": 2},
        {"trade": world.weld.trade_id, "asked": 2, "served": 1},
    ]
    assert schedule.current_run(edition=world.edition) == run


@pytest.mark.django_db
def test_the_pages_read_the_current_run_from_the_cache_until_a_run_finishes(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    world = build_world()
    edition_id = world.edition.pk
    with django_assert_num_queries(1):
        assert schedule.current_run_id(edition_id=edition_id) is None
    with django_assert_num_queries(0):
        assert schedule.current_run_id(edition_id=edition_id) is None

    first = solve_now(world, django_capture_on_commit_callbacks)
    assert schedule.current_run_id(edition_id=edition_id) == first.pk
    queued = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.5)
    with django_assert_num_queries(0):  # a queued run is not the schedule yet
        assert schedule.current_run_id(edition_id=edition_id) == first.pk
    with django_capture_on_commit_callbacks(execute=True):
        schedule.execute_run(run_id=queued.pk, now=NOW)
    assert schedule.current_run_id(edition_id=edition_id) == queued.pk
    queued.delete()
    assert schedule.current_run_id(edition_id=edition_id) == first.pk


@pytest.mark.django_db
def test_a_class_gets_the_trade_it_asked_for_from_another_company(
    django_capture_on_commit_callbacks,
):
    """Issue 13's case: a class asking for a boilermaker got an automation technician while a
    boilermaker of another company was free. Wishes and matching are on the trade now."""
    edition = EditionFactory()
    slot = SessionSlotFactory(
        edition=edition, starts_at=datetime.datetime(2031, 11, 24, 8, 30, tzinfo=datetime.UTC)
    )
    valves, boilers = CompanyFactory(name="Vannes du Sud"), CompanyFactory(name="Chaudières Nord")
    for company in (valves, boilers):
        BuildingFactory(edition=edition, company=company)
    boilermaker, automation = catalogue_trade("H2902"), catalogue_trade("H1208")
    # The class chose its trade when only the valve maker presented it.
    JobProfileFactory(company=valves, trade=boilermaker, title="Chaudronnière en robinetterie")
    school_class = SchoolClassFactory(edition=edition, name="2de TCI")
    school_class.wanted_trades.set([boilermaker])
    booking = BookingFactory(school_class=school_class, slot=slot)
    ProfessionalFactory(
        edition=edition,
        first_name="Alex",
        company=valves,
        job=JobProfileFactory(company=valves, trade=automation, title="Automaticien"),
        slots=[slot],
    )
    ProfessionalFactory(
        edition=edition,
        first_name="Maëlle",
        company=boilers,
        job=JobProfileFactory(company=boilers, trade=boilermaker, title="Chaudronnier·ère"),
        slots=[slot],
    )
    run = ScheduleRun.objects.create(edition=edition, women_target_share=0.0)

    with django_capture_on_commit_callbacks(execute=True):
        run = schedule.execute_run(run_id=run.pk, now=NOW)

    assert list(run.assignments.values_list("booking", "professional__first_name")) == [
        (booking.pk, "Maëlle")
    ]
    assert run.result["matched"] == 1
    assert run.result["coverage"] == [{"trade": boilermaker.pk, "asked": 1, "served": 1}]


@pytest.mark.django_db
def test_constraints_hold_and_the_charter_is_required(django_capture_on_commit_callbacks):
    world = build_world()

    run = solve_now(world, django_capture_on_commit_callbacks)

    rows = list(run.assignments.select_related("booking__slot", "professional"))
    assert rows
    for row in rows:
        assert row.professional.available_slots.filter(pk=row.booking.slot_id).exists()
        assert row.professional.charter_accepted_at is not None
    assert max(Counter((r.professional_id, r.booking.slot_id) for r in rows).values()) == 1
    per_day = Counter((r.professional, timezone.localdate(r.booking.slot.starts_at)) for r in rows)
    assert all(count <= pro.max_per_day for (pro, _day), count in per_day.items())
    assert not Assignment.objects.filter(professional=world.pros["carol"]).exists()


@pytest.mark.django_db
def test_a_class_left_out_has_a_reason_and_backups_are_listed(django_capture_on_commit_callbacks):
    world = build_world()

    extra = BookingFactory(
        school_class=SchoolClassFactory(edition=world.edition), slot=world.slots[0]
    )

    run = solve_now(world, django_capture_on_commit_callbacks)

    assert run.result["unassigned"] == [{"booking": extra.pk, "reason": "all_taken"}]
    # Tuesday: Alice is free and under her limit; Monday's slots have nobody left.
    assert run.result["backups"] == {
        str(world.slots[0].pk): [],
        str(world.slots[1].pk): [],
        str(world.slots[2].pk): [world.pros["alice"].pk],
    }


@pytest.mark.django_db
def test_assignments_are_stored_on_the_rooms_and_emailed_with_ics(
    django_capture_on_commit_callbacks,
):
    world = build_world()

    solve_now(world, django_capture_on_commit_callbacks)

    room = LiveRoom.objects.get(booking=world.bookings["c1"])
    assert room.professional == world.pros["alice"].user
    assert LiveRoom.objects.get(booking=world.bookings["c4"]).professional == world.pros["bob"].user
    teachers = teacher_mails()
    assert sorted(m.to[0] for m in teachers) == sorted(
        c.teacher.user.email for c in world.classes.values()
    )
    c1_mail = next(m for m in teachers if m.to == [world.classes["c1"].teacher.user.email])
    assert "Alice, Soudeur·se — Vannes du Sud" in c1_mail.body
    events, raw = ics_events(c1_mail)
    assert len(events) == 1
    # The session starts 09:30 in Paris; the exchange is its last thirty minutes.
    assert "DTSTART;TZID=Europe/Paris:20311124T103000" in raw
    assert "DTEND;TZID=Europe/Paris:20311124T110000" in raw
    assert "BEGIN:VTIMEZONE" in raw
    assert events[0]["dtstart"].params["TZID"] == "Europe/Paris"

    by_pro = {m.to[0]: m for m in pro_mails()}
    assert set(by_pro) == {world.pros[n].user.email for n in ("alice", "bob", "dan")}
    bob_events, _raw = ics_events(by_pro[world.pros["bob"].user.email])
    assert len(bob_events) == 2


@pytest.mark.django_db
def test_a_cancellation_changes_one_session_and_mails_its_teacher_only(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    first = solve_now(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    bob = world.pros["bob"]
    on_tuesday = Assignment.objects.get(run=first, booking=world.bookings["c4"])

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.cancel_assignment(professional=bob, assignment_id=on_tuesday.pk, now=NOW)

    assert changed == [world.bookings["c4"].pk]
    second = schedule.current_run(edition=world.edition)
    assert second.kind == ScheduleRun.Kind.RESOLVE
    assert second.previous == first
    assert assignment_names(world, second) == {
        "c1": "Alice",
        "c2": "Bob",
        "c3": "Dan",
        "c4": "Alice",
    }
    assert assignment_names(world, first)["c4"] == "Bob"  # the previous run is kept as it was
    assert not bob.available_slots.filter(pk=world.slots[2].pk).exists()
    assert (
        LiveRoom.objects.get(booking=world.bookings["c4"]).professional == world.pros["alice"].user
    )
    assert [m.to for m in teacher_mails()] == [[world.classes["c4"].teacher.user.email]]
    assert sorted(m.to[0] for m in pro_mails()) == sorted(
        [world.pros["alice"].user.email, bob.user.email]
    )


@pytest.mark.django_db
def test_a_cancellation_without_replacement_tells_the_teacher(django_capture_on_commit_callbacks):
    world = build_world()
    first = solve_now(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    monday = Assignment.objects.get(run=first, booking=world.bookings["c2"])

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.cancel_assignment(
            professional=world.pros["bob"], assignment_id=monday.pk, now=NOW
        )

    # Nobody else is free at Monday 09:30: c2 loses its exchange, nothing else moves.
    assert changed == [world.bookings["c2"].pk]
    second = schedule.current_run(edition=world.edition)
    assert assignment_names(world, second) == {"c1": "Alice", "c3": "Dan", "c4": "Bob"}
    assert second.result["unassigned"] == [
        {"booking": world.bookings["c2"].pk, "reason": "all_taken"}
    ]
    (teacher,) = teacher_mails()
    assert teacher.to == [world.classes["c2"].teacher.user.email]
    assert "n'est plus disponible" in teacher.body
    assert teacher.attachments == []
    assert LiveRoom.objects.get(booking=world.bookings["c2"]).professional is None


@pytest.mark.django_db
def test_withdrawing_the_charter_reschedules_their_exchanges(django_capture_on_commit_callbacks):
    world = build_world()
    solve_now(world, django_capture_on_commit_callbacks)
    dan = world.pros["dan"]

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_profile(
            professional=dan,
            first_name="Dan",
            company=dan.company,
            job=dan.job,
            presentation="",
            gender="",
            charter_accepted=False,
            max_per_day=3,
            slots=list(dan.available_slots.all()),
            now=NOW,
        )

    assert changed == [world.bookings["c3"].pk]
    current = schedule.current_run(edition=world.edition)
    assert "c3" not in assignment_names(world, current)


@pytest.mark.django_db
def test_past_sessions_are_not_rescheduled(django_capture_on_commit_callbacks):
    world = build_world()
    first = solve_now(world, django_capture_on_commit_callbacks)
    after_monday = datetime.datetime(2031, 11, 24, 20, 0, tzinfo=datetime.UTC)
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.0)

    with django_capture_on_commit_callbacks(execute=True):
        schedule.execute_run(run_id=run.pk, now=after_monday)

    run.refresh_from_db()
    assert run.result["sessions"] == 1
    assert assignment_names(world, run) == assignment_names(world, first)


@pytest.mark.django_db
def test_a_run_only_runs_once():
    world = build_world()
    run = ScheduleRun.objects.create(
        edition=world.edition, women_target_share=0.5, status=ScheduleRun.Status.DONE
    )

    assert schedule.execute_run(run_id=run.pk, now=NOW) == run
    assert not run.assignments.exists()


@pytest.mark.django_db
def test_start_run_refuses_a_share_out_of_range():
    world = build_world()

    with pytest.raises(schedule.SchedulingServiceError):
        schedule.start_run(edition=world.edition, women_target_share=1.5, started_by=None)
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_run_goes_through_the_database_worker():
    world = build_world()
    organizer = UserFactory(is_staff=True)
    # Outside any atomic block the on_commit enqueue runs at once, as after a real request.
    run = schedule.start_run(edition=world.edition, women_target_share=0.5, started_by=organizer)
    assert run.status == ScheduleRun.Status.QUEUED

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "done"
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE
    # The worker runs "now" (2026 or so): every 2031 session is still to come.
    assert assignment_names(world, run) == {"c1": "Alice", "c2": "Bob", "c3": "Dan", "c4": "Bob"}
    assert len(teacher_mails()) == 4


@pytest.mark.django_db
def test_a_class_booked_after_the_run_is_served_by_the_next_resolve(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    first = solve_now(world, django_capture_on_commit_callbacks)
    late = BookingFactory(
        school_class=SchoolClassFactory(edition=world.edition), slot=world.slots[2]
    )
    mail.outbox.clear()
    monday = Assignment.objects.get(run=first, booking=world.bookings["c2"])

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.cancel_assignment(
            professional=world.pros["bob"], assignment_id=monday.pk, now=NOW
        )

    # Tuesday had a class nobody served while Alice was free: the re-solve gives her to it.
    assert sorted(changed) == sorted([world.bookings["c2"].pk, late.pk])
    current = schedule.current_run(edition=world.edition)
    assert current.assignments.get(booking=late).professional == world.pros["alice"]
    assert current.assignments.get(booking=world.bookings["c4"]).professional == world.pros["bob"]


@pytest.mark.django_db
def test_the_professional_who_cancels_gets_the_exchange_out_of_their_calendar(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    first = solve_now(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    bob = world.pros["bob"]
    on_tuesday = Assignment.objects.get(run=first, booking=world.bookings["c4"])

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_assignment(professional=bob, assignment_id=on_tuesday.pk, now=NOW)

    (cancelled,) = [m for m in mail.outbox if "annulé" in m.subject]
    assert (cancelled.to, cancelled.bcc) == ([], [bob.user.email])
    (_name, content, mimetype) = cancelled.attachments[0]
    assert mimetype == "text/calendar; charset=utf-8; method=CANCEL"
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert (
        str(calendar["METHOD"]),
        str(event["UID"]),
        event["SEQUENCE"],
        str(event["STATUS"]),
    ) == (
        "CANCEL",
        f"usine-live-{world.bookings['c4'].pk}@usine",
        first.pk + 1,
        "CANCELLED",
    )
