import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.professionals.factories import ProfessionalFactory
from tests.users.factories import UserFactory
from usine.fair.models import Edition
from usine.professionals import services
from usine.professionals.models import Assignment, Professional, ScheduleRun
from usine.professionals.services import ProfessionalsError

from .world import build_world

NOW = datetime.datetime(2031, 11, 1, tzinfo=datetime.UTC)


def edition_job(edition):
    job = JobProfileFactory()
    BuildingFactory(edition=edition, company=job.company)
    return job


def profile_kwargs(pro, **changes):
    kwargs = {
        "professional": pro,
        "first_name": pro.first_name,
        "company": pro.company,
        "job": pro.job,
        "presentation": pro.presentation,
        "gender": pro.gender,
        "charter_accepted": pro.charter_accepted_at is not None,
        "max_per_day": pro.max_per_day,
        "slots": list(pro.available_slots.all()),
        "now": NOW,
    }
    return {**kwargs, **changes}


@pytest.mark.django_db
def test_an_invitation_opens_an_inactive_account_and_mails_a_one_time_link(
    client, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    job = edition_job(edition)

    with django_capture_on_commit_callbacks(execute=True):
        pro = services.invite(
            edition=edition,
            email=" Lea@Example.org ",
            first_name="Léa",
            job=job,
        )

    assert pro.user.email == "lea@example.org"
    assert not pro.user.is_active
    assert not pro.user.has_usable_password()
    assert pro.company == job.company
    assert pro.charter_accepted_at is None
    (message,) = mail.outbox
    assert message.to == ["lea@example.org"]
    link = re.search(r"http://testserver(/professionnels/invitation/\S+/)", message.body).group(1)

    response = client.post(
        link,
        {"new_password1": "un-mot-de-passe-solide-7", "new_password2": "un-mot-de-passe-solide-7"},
    )
    assert response.status_code == 302
    assert response.url == "/professionnels/profil/"
    pro.user.refresh_from_db()
    assert pro.user.is_active
    assert pro.user.check_password("un-mot-de-passe-solide-7")

    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "a expiré ou a déjà servi" in again.content.decode()


@pytest.mark.django_db
def test_an_invitation_is_refused_twice_and_for_a_job_of_another_company():
    edition = EditionFactory()
    job = edition_job(edition)
    services.invite(edition=edition, email="lea@example.org", first_name="Léa", job=job)

    with pytest.raises(ProfessionalsError) as twice:
        services.invite(edition=edition, email="LEA@example.org", first_name="Léa")
    assert twice.value.field == "email"
    other = edition_job(edition)
    with pytest.raises(ProfessionalsError) as mismatch:
        services.invite(
            edition=edition,
            email="max@example.org",
            first_name="Max",
            company=other.company,
            job=job,
        )
    assert mismatch.value.field == "job"
    outside = JobProfileFactory()  # its company has no building in the edition
    with pytest.raises(ProfessionalsError) as absent:
        services.invite(edition=edition, email="max@example.org", first_name="Max", job=outside)
    assert absent.value.field == "job"
    assert Professional.objects.count() == 1
    assert get_user_model().objects.filter(email="max@example.org").count() == 0


@pytest.mark.django_db
def test_an_existing_account_is_invited_to_log_in(django_capture_on_commit_callbacks):
    edition = EditionFactory()
    user = UserFactory(email="sam@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        pro = services.invite(edition=edition, email="sam@example.org", first_name="Sam")

    assert pro.user == user
    assert "/comptes/login/?next=/professionnels/profil/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_charter_is_timestamped_once_and_can_be_withdrawn():
    edition = EditionFactory()
    pro = ProfessionalFactory(edition=edition, charter_accepted_at=None)

    services.update_profile(**profile_kwargs(pro, charter_accepted=True))
    assert pro.charter_accepted_at == NOW
    services.update_profile(
        **profile_kwargs(pro, charter_accepted=True, now=NOW + datetime.timedelta(days=1))
    )
    pro.refresh_from_db()
    assert pro.charter_accepted_at == NOW
    services.update_profile(**profile_kwargs(pro, charter_accepted=False))
    pro.refresh_from_db()
    assert pro.charter_accepted_at is None
    assert not pro.can_be_scheduled


@pytest.mark.django_db
def test_a_profile_refuses_slots_and_jobs_from_elsewhere():
    edition = EditionFactory()
    pro = ProfessionalFactory(edition=edition)
    other_edition = EditionFactory(state=Edition.State.ARCHIVED)
    foreign_slot = SessionSlotFactory(edition=other_edition)

    with pytest.raises(ProfessionalsError) as slot_error:
        services.update_profile(**profile_kwargs(pro, slots=[foreign_slot]))
    assert slot_error.value.field == "slots"
    with pytest.raises(ProfessionalsError) as job_error:
        services.update_profile(**profile_kwargs(pro, job=JobProfileFactory()))
    assert job_error.value.field == "job"
    assert not pro.available_slots.exists()


@pytest.mark.django_db
def test_the_daily_limit_cannot_drop_below_the_exchanges_given():
    from usine.professionals import schedule

    world = build_world()
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.5)
    schedule.execute_run(run_id=run.pk, now=NOW)
    bob = world.pros["bob"]
    assert Assignment.objects.filter(run=run, professional=bob).count() == 2  # one a day

    services.update_profile(**profile_kwargs(bob, max_per_day=1))  # one a day is fine
    # Giving Bob two exchanges on Monday needs a schedule where he has them: build it by hand.
    Assignment.objects.filter(run=run, booking=world.bookings["c3"]).update(professional=bob)
    bob.available_slots.add(world.slots[1])

    with pytest.raises(ProfessionalsError) as error:
        services.update_profile(**profile_kwargs(bob, max_per_day=1))
    assert error.value.field == "max_per_day"
    assert "2 échanges le 24/11/2031" in error.value.message


@pytest.mark.django_db
def test_a_started_or_foreign_exchange_cannot_be_cancelled():
    from usine.professionals import schedule

    world = build_world()
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.5)
    schedule.execute_run(run_id=run.pk, now=NOW)
    alice_row = Assignment.objects.get(run=run, professional=world.pros["alice"])

    with pytest.raises(ProfessionalsError):
        services.cancel_assignment(
            professional=world.pros["bob"], assignment_id=alice_row.pk, now=NOW
        )
    with pytest.raises(ProfessionalsError):
        services.cancel_assignment(
            professional=world.pros["alice"],
            assignment_id=alice_row.pk,
            now=datetime.datetime(2031, 12, 1, tzinfo=datetime.UTC),
        )
    assert schedule.current_run(edition=world.edition) == run
