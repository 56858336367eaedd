"""The demo's counsellor and group of job seekers, as `load_demo` writes them."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from usine.schools.models import SchoolClass


def test_a_counsellor_of_an_organisation_without_uai_with_a_booked_group(demo, client):
    user = get_user_model().objects.get(username="conseiller-demo")
    assert user.check_password("vannes-de-demo-2021")
    organisation = user.teacher.school
    assert (organisation.kind, organisation.uai, organisation.name) == (
        "employment",
        None,
        "France Travail — agence de Marignane",
    )
    group = SchoolClass.objects.get(teacher=user.teacher)
    assert (group.name, group.level, group.pupil_count, group.pupils.count()) == (
        "Atelier découverte de l'industrie",
        "jobseekers",
        12,
        12,
    )
    assert (
        timezone.localtime(group.booking.slot.starts_at).isoformat() == "2021-11-25T10:15:00+01:00"
    )
    assert f"groupe « Atelier découverte de l'industrie », code {group.code_display}" in demo
    client.force_login(user)
    page = client.get(reverse("schools:classes")).content.decode()
    assert "Mes groupes" in page
    assert "Participant·es" in page
    assert "Mes classes" not in page
