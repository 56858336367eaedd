"""Job profiles and class wishes made before trades keep their meaning after the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import EditionFactory
from tests.schools.factories import TeacherFactory
from tests.users.factories import UserFactory
from usine.exhibits.models import JobProfile, Trade
from usine.professionals.models import Professional
from usine.schools.models import SchoolClass

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("exhibits", "0003_company_draft"),
    ("schools", "0006_booking_teacher_seen"),
    ("professionals", "0003_reminders"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_job_profiles_wishes_and_professionals_are_mapped_onto_trades():
    edition, teacher, user = EditionFactory(), TeacherFactory(), UserFactory()
    companies = [CompanyFactory(), CompanyFactory(), CompanyFactory()]

    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldJob = old.get_model("exhibits", "JobProfile")
    jobs = {}
    for company, title in (
        (companies[0], "Soudeur·se"),
        (companies[1], "SOUDEUSE"),
        (companies[2], "Soudeur(se)"),
        (companies[0], "Ajusteur·se monteur·se aéronautique"),
        (companies[1], "Dompteur·se de robots"),
    ):
        jobs[title] = OldJob.objects.create(
            company_id=company.pk,
            title=title,
            description="…",
            skills="…",
            working_conditions="…",
            salary_min=1800,
            salary_max=2500,
        )
    old_class = old.get_model("schools", "SchoolClass").objects.create(
        teacher_id=teacher.pk, edition_id=edition.pk, name="3e B", level="3e", pupil_count=20
    )
    old_class.wanted_jobs.set([jobs["Soudeur·se"].pk, jobs["SOUDEUSE"].pk])
    old.get_model("professionals", "Professional").objects.create(
        user_id=user.pk, edition_id=edition.pk, first_name="Inès", job_id=jobs["SOUDEUSE"].pk
    )

    migrate(executor.loader.graph.leaf_nodes())

    welder = Trade.objects.get(code="H2913")
    trade_of = dict(JobProfile.objects.values_list("title", "trade__name"))
    assert trade_of == {
        "Soudeur·se": "Soudeur·se",
        "SOUDEUSE": "Soudeur·se",
        "Soudeur(se)": "Soudeur·se",
        "Ajusteur·se monteur·se aéronautique": "Ajusteur·se monteur·se",
        "Dompteur·se de robots": "Dompteur·se de robots",  # a trade of its own, not lost
    }
    assert list(SchoolClass.objects.get().wanted_trades.all()) == [welder]
    assert Professional.objects.get().trade == welder
