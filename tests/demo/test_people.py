"""The demo school and the professionals, as `load_demo` writes them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse

from tests.demo.loading import load
from usine.exhibits.models import JobProfile, Trade
from usine.fair.models import Edition
from usine.organizers import ORGANIZERS_GROUP
from usine.professionals import schedule
from usine.professionals.models import Professional
from usine.roles import roles_of
from usine.schools.models import Booking, Pupil, SchoolClass
from usine.schools.uai import validate_uai


def test_demo_organizer_signs_in_to_the_organizer_pages_but_not_the_admin(demo, client):
    user = get_user_model().objects.get(username="organisation-demo")
    assert user.check_password("vannes-de-demo-2021")
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)
    assert list(user.groups.values_list("name", flat=True)) == [ORGANIZERS_GROUP]
    assert roles_of(user).organizer is True
    assert "Compte organisation : organisation-demo, mot de passe : vannes-de-demo-2021" in demo

    client.force_login(user)
    assert client.get(reverse("professionals:organizer_fair_day")).status_code == 200
    assert client.get(reverse("exhibits:review_pending")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's login


def test_demo_teacher_has_three_classes_of_pseudonyms_and_two_bookings(demo):
    user = get_user_model().objects.get(username="enseignant-demo")
    assert user.check_password("vannes-de-demo-2021")
    assert (user.is_active, user.is_staff, user.email) == (True, False, "")
    assert "enseignant-demo, mot de passe : vannes-de-demo-2021 (variable" in demo
    assert "3 classes, 2 réservées ; 12 professionnel·les" in demo
    school = user.teacher.school
    validate_uai(school.uai)
    assert (school.name, school.town) == ("Lycée professionnel Pierre-Mendès-France", "Vitrolles")
    classes = list(SchoolClass.objects.filter(teacher=user.teacher).order_by("name"))
    assert [(c.name, c.pupil_count) for c in classes] == [
        ("1re Bac pro MELEC", 24),
        ("2de Bac pro TCI", 15),
        ("3e Prépa-métiers B", 18),
    ]
    edition = Edition.objects.get()
    edition_trades = set(Trade.objects.filter(job_profiles__company__buildings__edition=edition))
    for school_class in classes:
        assert school_class.edition == edition
        assert len(school_class.code) >= 8
        pupils = list(school_class.pupils.values_list("pseudonym", flat=True))
        assert len(pupils) == len(set(pupils)) == school_class.pupil_count
        wanted = set(school_class.wanted_trades.all())
        assert len(wanted) >= 3
        assert wanted <= edition_trades
    assert len({c.code for c in classes}) == 3
    assert [f.name for f in Pupil._meta.concrete_fields] == [
        "id",
        "school_class",
        "pseudonym",
        "created_at",
        "updated_at",
    ]
    bookings = list(Booking.objects.select_related("school_class", "slot"))
    assert sorted(b.school_class.name for b in bookings) == [
        "1re Bac pro MELEC",
        "3e Prépa-métiers B",
        "Atelier découverte de l'industrie",  # the counsellor's group (test_groups.py)
    ]
    for slot in edition.session_slots.all():
        assert slot.booked == slot.bookings.count()
    assert sum(edition.session_slots.values_list("booked", flat=True)) == 3


def test_twelve_demo_professionals_half_women_ready_to_schedule(demo):
    edition = Edition.objects.get()
    pros = list(Professional.objects.select_related("user", "job"))
    assert len(pros) == 12
    assert sorted(p.user.username for p in pros) == sorted(f"pro-{n}" for n in range(1, 13))
    assert sum(p.gender == Professional.Gender.WOMAN for p in pros) == 6
    edition_jobs = set(JobProfile.objects.filter(company__buildings__edition=edition))
    for pro in pros:
        assert pro.edition == edition
        assert pro.charter_accepted_at is not None
        assert pro.job in edition_jobs
        assert pro.company_id == pro.job.company_id
        assert pro.trade == pro.job.trade
        assert pro.presentation
        assert pro.can_be_scheduled
        assert pro.user.is_active is True
        slots = list(pro.available_slots.all())
        assert len(slots) >= 2
        assert {slot.edition_id for slot in slots} == {edition.pk}
    assert len({p.job_id for p in pros}) == 12
    assert sum(p.job.in_shortage for p in pros) >= 6


def test_the_exchanges_are_planned_and_the_one_in_session_has_a_professional_who_signs_in(
    demo, client
):
    run = schedule.current_run(edition=Edition.objects.get())
    assert run.started_by.username == "organisation-demo"
    planned = dict(run.assignments.values_list("booking__school_class__name", "professional"))
    assert sorted(planned) == [
        "1re Bac pro MELEC",
        "3e Prépa-métiers B",
        "Atelier découverte de l'industrie",
    ]
    running = SchoolClass.objects.get(name="3e Prépa-métiers B")
    pro = Professional.objects.get(pk=planned[running.name])
    assert running.booking.live_room.professional_id == pro.user_id
    signing_in = [
        p.user.username for p in Professional.objects.all() if p.user.has_usable_password()
    ]
    assert signing_in == [pro.user.username]
    assert pro.user.check_password("vannes-de-demo-2021")
    assert (
        f"Compte professionnel·le de son échange en direct : {pro.user.username}, même mot de "
        "passe → /professionnels/echanges/"
    ) in demo

    client.force_login(pro.user)
    page = client.get(reverse("professionals:assignments")).content.decode()
    assert "3e Prépa-métiers B" in page  # its room's link: tests/professionals/views


def test_every_booked_class_has_professionals_of_a_wanted_trade_available(demo):
    for booking in Booking.objects.select_related("school_class", "slot"):
        wanted = booking.school_class.wanted_trades.all()
        assert booking.slot.available_professionals.filter(trade__in=wanted).count() == 2


def test_if_empty_second_run_adds_no_people(db):
    load("--if-empty", "--no-videos")
    counts = (
        get_user_model().objects.count(),
        SchoolClass.objects.count(),
        Pupil.objects.count(),
        Booking.objects.count(),
        Professional.objects.count(),
    )
    # 17 accounts: the Forum's demo speaker's among them (usine/demo/forum.py)
    assert counts == (17, 4, 69, 3, 12)  # the teacher's and the counsellor's; the organizer
    load("--if-empty", "--no-videos")
    assert (
        get_user_model().objects.count(),
        SchoolClass.objects.count(),
        Pupil.objects.count(),
        Booking.objects.count(),
        Professional.objects.count(),
    ) == counts


def test_a_leftover_demo_teacher_account_stops_the_load(db):
    get_user_model().objects.create_user(username="enseignant-demo")
    with pytest.raises(CommandError, match="enseignant-demo"):
        load("--no-videos")
    assert (Edition.objects.count(), get_user_model().objects.count()) == (0, 1)
