"""Professionals left the `live` app: a database made by the old code keeps every row."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.exhibits.factories import JobProfileFactory
from tests.schools.factories import BookingFactory
from tests.users.factories import UserFactory
from usine.professionals.models import Assignment, Professional, ScheduleRun

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("live", "0002_professionals"), ("professionals", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_professionals_runs_and_assignments_made_in_live_survive_the_move():
    booking = BookingFactory()
    slot, edition = booking.slot, booking.slot.edition
    user, organizer = UserFactory(first_name="Inès"), UserFactory(is_staff=True)
    job = JobProfileFactory()

    executor = migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    old_professional = old.get_model("live", "Professional").objects.create(
        user_id=user.pk,
        edition_id=edition.pk,
        first_name="Inès",
        job_id=job.pk,
        company_id=job.company_id,
        gender="woman",
        max_per_day=2,
        invited_by_id=organizer.pk,
    )
    old_professional.available_slots.add(slot.pk)
    old_run = old.get_model("live", "ScheduleRun").objects.create(
        edition_id=edition.pk, status="done", women_target_share=0.4, result={"coverage": 1}
    )
    old.get_model("live", "Assignment").objects.create(
        run_id=old_run.pk, booking_id=booking.pk, professional_id=old_professional.pk
    )

    migrate(executor.loader.graph.leaf_nodes())

    professional = Professional.objects.get()
    assert (professional.pk, professional.user, professional.first_name) == (
        old_professional.pk,
        user,
        "Inès",
    )
    assert (professional.job, professional.gender, professional.max_per_day) == (job, "woman", 2)
    assert list(professional.available_slots.all()) == [slot]
    run = ScheduleRun.objects.get()
    assert (run.pk, run.status, run.result) == (old_run.pk, "done", {"coverage": 1})
    assignment = Assignment.objects.get()
    assert (assignment.run, assignment.booking, assignment.professional) == (
        run,
        booking,
        professional,
    )
    assert ContentType.objects.get_for_model(Professional).app_label == "professionals"
    assert not ContentType.objects.filter(app_label="live", model="professional").exists()
