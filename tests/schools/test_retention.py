import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory, TeacherFactory
from tests.schools.helpers import watch_testimonial
from usine.schools.models import Pupil, SchoolClass, Teacher
from usine.schools.retention import edition_figures, purge_personal_data

pytestmark = pytest.mark.django_db

ENDS_ON = datetime.date(2021, 11, 26)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def past_edition():
    """An edition that ended on ENDS_ON, with two booked classes and their pupils."""
    edition = EditionFactory(ends_on=ENDS_ON, state="archived")
    slot = SessionSlotFactory(edition=edition, capacity=5)
    for pupils in (3, 2):
        school_class = SchoolClassFactory(edition=edition, pupil_count=pupils)
        PupilFactory.create_batch(pupils, school_class=school_class)
        BookingFactory(school_class=school_class, slot=slot)
    return edition


def test_nothing_is_purged_within_the_retention_period(past_edition, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    report = purge_personal_data(now=at(ENDS_ON + datetime.timedelta(days=30)))
    assert report.pupils == 0
    assert Pupil.objects.count() == 5


def test_pupils_are_gone_after_the_period_and_the_figures_remain(past_edition, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    assert edition_figures(edition=past_edition) == {"classes": 2, "pupils": 5}
    report = purge_personal_data(now=at(ENDS_ON + datetime.timedelta(days=31)))
    assert report.pupils == 5
    assert Pupil.objects.count() == 0
    assert SchoolClass.objects.count() == 2
    assert edition_figures(edition=past_edition) == {"classes": 2, "pupils": 5}


def test_only_the_ended_editions_pupils_are_purged(past_edition):
    current = SchoolClassFactory(edition=EditionFactory(ends_on=datetime.date(2031, 11, 28)))
    PupilFactory(school_class=current)
    purge_personal_data(now=at(datetime.date(2022, 6, 1)), days=30)
    assert list(Pupil.objects.values_list("school_class", flat=True)) == [current.pk]


def test_teachers_who_asked_are_anonymised_the_others_kept(past_edition):
    asked = SchoolClass.objects.filter(edition=past_edition).first().teacher
    Teacher.objects.filter(pk=asked.pk).update(wants_anonymisation=True)
    kept = SchoolClass.objects.filter(edition=past_edition).last().teacher
    # Asked too, but has a class in an edition still within its period: kept until it is over.
    busy = TeacherFactory(wants_anonymisation=True)
    SchoolClassFactory(teacher=busy, edition=EditionFactory(ends_on=datetime.date(2031, 11, 28)))

    report = purge_personal_data(now=at(datetime.date(2022, 6, 1)), days=30)

    assert report.teachers == 1
    asked.refresh_from_db()
    user = asked.user
    assert (user.email, user.first_name, user.last_name) == ("", "", "")
    assert user.username == f"anonyme-{asked.pk}"
    assert not user.is_active
    assert not user.has_usable_password()
    assert asked.anonymised_at == at(datetime.date(2022, 6, 1))
    emails = set(get_user_model().objects.values_list("email", flat=True))
    assert {kept.user.email, busy.user.email} <= emails
    assert edition_figures(edition=past_edition) == {"classes": 2, "pupils": 5}


def test_the_command_purges_with_the_settings_period(past_edition, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_DAYS = 0
    call_command("purge_personal_data")
    assert Pupil.objects.count() == 0
    assert "Élèves supprimés : 5" in capsys.readouterr().out


def test_the_purge_deletes_the_pupils_activity_and_keeps_its_figures(past_edition, settings):
    """Frozen clock: seat claims, visits, testimonials watched and questions all go; the
    edition's activity figures and each class report's figures stay the same."""
    from usine.live.models import LiveRoom, Question
    from usine.schools.models import BuildingVisit, SeatClaim, SessionSummary, TestimonialView
    from usine.schools.reports import activity_figures, class_report

    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    building = BuildingFactory(edition=past_edition)
    testimonial = TestimonialFactory(company=building.company, published=True)
    for pupil in Pupil.objects.all():
        SeatClaim.objects.create(pupil=pupil, session_key=f"browser-{pupil.pk}")
        watch_testimonial(pupil, testimonial)
    first = Pupil.objects.first()
    room = LiveRoom.objects.create(booking=first.school_class.booking)
    Question.objects.create(room=room, author=first, text="Combien d'heures par semaine ?")
    before = activity_figures(edition=past_edition)
    assert before == {
        "pupils_joined": 5,
        "stamps": 5,
        "testimonials_watched": 5,
        "passports_completed": 0,
        "questions": 1,
    }
    report_before = class_report(school_class=first.school_class)

    report = purge_personal_data(now=at(ENDS_ON + datetime.timedelta(days=31)))

    assert report.pupils == 5
    for model in (Pupil, SeatClaim, BuildingVisit, TestimonialView, Question):
        assert model.objects.count() == 0, model
    assert SessionSummary.objects.count() == 2
    assert activity_figures(edition=past_edition) == before
    report_after = class_report(school_class=first.school_class)
    assert report_after.frozen
    assert report_after.buildings == report_before.buildings
    assert report_after.pupils == []
    assert edition_figures(edition=past_edition) == {"classes": 2, "pupils": 5}
