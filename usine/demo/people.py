"""The demo's people: a school with its teacher and classes, and professionals who talk with them.

Everything goes through the schools and professionals services, so the class codes, the pupils'
pseudonyms, the bookings' counters and the professionals' profiles are the real thing. Pupils are
pseudonyms only; the professionals' accounts stay active, as the scheduler only takes
professionals with an open account, and cannot log in (unusable passwords) — but the one who talks
with the class in session: the organizer planned the exchanges before the fair (`plan_exchanges`),
and a newcomer signs in as that professional to see the live exchange from their side.

The first class is in session when the demo is loaded during the fair week: it is booked into the
slot whose hour of exploration is in progress (slots.create_running_demo_slot), so a visitor can
join it as a pupil at once with its code. The other booked class keeps a usual slot still ahead at
load time. Who they are is data (data/people.toml, read by content.people).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from usine.exhibits.models import JobProfile
from usine.fair.models import Edition, SessionSlot
from usine.fair.slots import DEFAULT_START_TIMES
from usine.organizers import ORGANIZERS_GROUP
from usine.professionals import schedule
from usine.professionals import services as professionals
from usine.professionals.models import Professional
from usine.schools import booking as bookings
from usine.schools import services as schools
from usine.schools.models import Booking, School, SchoolClass, Teacher
from usine.schools.uai import check_letter

from . import content
from .content import DemoProfessional
from .trades import catalogue_trade


@dataclass(frozen=True)
class DemoPeople:
    teacher: Teacher
    organizer_username: str
    classes: int
    bookings: int
    professionals: int
    running_class: SchoolClass | None  # in session at load time


def usernames() -> list[str]:
    cast = content.people()
    professionals = [f"pro-{n}" for n in range(1, len(cast.professionals) + 1)]
    return [cast.teacher.username, cast.organizer.username, *professionals]


def create_people(
    *,
    edition: Edition,
    password: str,
    now: datetime.datetime,
    running_slot: SessionSlot | None = None,
) -> DemoPeople:
    """The demo school, teacher, classes, bookings and professionals (in the caller's
    transaction; the edition's slots and job profiles must exist). `now` is the load time;
    `running_slot`, if any, the session in progress then (see the module's docstring)."""
    cast = content.people()
    slots = usual_slots(edition=edition)
    teacher = _create_teacher(cast=cast, password=password)
    organizer = _create_organizer(cast=cast, password=password)
    booked = 0
    running_class = None
    for spec in cast.classes:
        school_class = schools.create_class(
            teacher=teacher,
            edition=edition,
            name=spec.name,
            level=spec.level,
            pupil_count=spec.pupil_count,
            wanted_trades=[catalogue_trade(name) for name in spec.wanted_trades],
        )
        if spec.running and running_slot is not None:
            slot = running_slot
            running_class = school_class
        elif spec.slot is not None:
            slot = slot_ahead(slots, spec.slot, now=now)
        else:
            continue
        # Booked a month before the fair, as a teacher would have (`book` refuses past slots).
        bookings.book(
            teacher=teacher,
            class_id=school_class.pk,
            slot_id=slot.pk,
            now=slot.starts_at - datetime.timedelta(days=30),
        )
        booked += 1
    # Odd-numbered professionals declare the day's 2nd and 4th sessions, even-numbered ones the
    # 1st and 3rd, every day. The session in progress stands in for the running class's usual
    # slot: the professionals who declared that one declare it too.
    usual = next((slots[spec.slot] for spec in cast.classes if spec.running), None)
    for number, spec in enumerate(cast.professionals, start=1):
        declared = slots[number % 2 :: 2]
        if running_slot is not None and usual in declared and running_slot not in declared:
            declared.append(running_slot)
        _create_professional(edition=edition, username=f"pro-{number}", spec=spec, slots=declared)
    return DemoPeople(
        teacher=teacher,
        organizer_username=organizer.username,
        classes=len(cast.classes),
        bookings=booked,
        professionals=len(cast.professionals),
        running_class=running_class,
    )


def plan_exchanges(
    *, edition: Edition, organizer_username: str, password: str, running_class: SchoolClass | None
) -> str | None:
    """The live exchanges planned a week before the fair, as the organizer's planning page does
    (`schedule.start_run`, then the run itself): every booked class has its professional, and the
    one of the class in session may sign in with `password`. Returns that professional's username
    (None without a class in session or if nobody could be assigned to it)."""
    organizer = get_user_model().objects.get(username=organizer_username)
    run = schedule.start_run(
        edition=edition,
        women_target_share=schedule.default_women_target_share(),
        started_by=organizer,
    )
    zone = timezone.get_default_timezone()
    week_before = datetime.datetime.combine(
        edition.starts_on - datetime.timedelta(days=7), datetime.time(9), tzinfo=zone
    )
    run = schedule.execute_run(run_id=run.pk, now=week_before)
    if run.status != run.Status.DONE:
        raise RuntimeError(f"the demo's planning failed: {run.error}")
    if running_class is None:
        return None
    booking = Booking.objects.filter(school_class=running_class).first()
    assignment = run.assignments.filter(booking=booking).select_related("professional__user")
    assignment = assignment.first()
    if assignment is None:
        return None
    user = assignment.professional.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user.username


def usual_slots(*, edition: Edition) -> list[SessionSlot]:
    """The edition's slots at the day's usual start times, by start time (not the one added
    for the session in progress at load time, unless it starts at a usual time)."""
    zone = timezone.get_default_timezone()
    return [
        slot
        for slot in SessionSlot.objects.filter(edition=edition).order_by("starts_at")
        if slot.starts_at.astimezone(zone).time() in DEFAULT_START_TIMES
    ]


def slot_ahead(slots: list[SessionSlot], index: int, *, now: datetime.datetime) -> SessionSlot:
    """`slots[index]`, or if it has started at `now` the first of `slots[index + 2]`,
    `slots[index + 4]`… (declared by the same professionals) that has not; `slots[index]` when
    none is left."""
    for slot in slots[index::2]:
        if slot.starts_at > now:
            return slot
    return slots[index]


def _create_teacher(*, cast: content.People, password: str) -> Teacher:
    digits, spec = cast.school.uai_digits, cast.teacher
    school, _created = School.objects.get_or_create(
        uai=digits + check_letter(digits),
        defaults={"name": cast.school.name, "town": cast.school.town},
    )
    # No e-mail address: the demo sends no mail (booking invitations go to the teacher's address).
    user = get_user_model().objects.create_user(
        username=spec.username,
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    return Teacher.objects.create(user=user, school=school, email_confirmed_at=timezone.now())


def _create_organizer(*, cast: content.People, password: str):
    """An organizer who is not staff (usine/organizers.py): the organizer pages, no admin."""
    spec = cast.organizer
    user = get_user_model().objects.create_user(
        username=spec.username,
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    user.groups.add(group)
    return user


def _create_professional(
    *, edition: Edition, username: str, spec: DemoProfessional, slots: list[SessionSlot]
) -> Professional:
    # Not `professionals.invite`: it mails an invitation on commit. The profile itself goes through
    # `update_profile`, which checks the job and slots belong to the edition.
    user = get_user_model()(username=username, first_name=spec.first_name)
    user.set_unusable_password()
    user.save()
    professional = Professional.objects.create(
        user=user, edition=edition, first_name=spec.first_name
    )
    professionals.update_profile(
        professional=professional,
        first_name=spec.first_name,
        company=None,
        job=JobProfile.objects.get(company__slug=spec.site, title=spec.job),
        presentation=spec.presentation,
        gender=spec.gender,
        charter_accepted=True,
        max_per_day=3,
        slots=slots,
    )
    return professional
