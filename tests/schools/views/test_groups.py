"""Groups other than classes: a counsellor of an organisation without UAI, a group of adult job
seekers with the same code, pseudonyms and session as a class, and the words for adults."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.fair.factories import EditionFactory, SessionSlotFactory
from tests.schools.factories import (
    BookingFactory,
    CounsellorFactory,
    GroupFactory,
    PupilFactory,
    SchoolClassFactory,
    TeacherFactory,
)
from usine.schools.models import School, SchoolClass, Teacher

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "samia.benali@francetravail.fr",
    "first_name": "Samia",
    "last_name": "Benali",
    "password1": "un-mot-de-passe-solide",
    "password2": "un-mot-de-passe-solide",
    "school_name": "France Travail — agence de Marignane",
    "school_town": "Marignane",
}


@pytest.fixture
def edition():
    return EditionFactory()


def test_a_counsellor_signs_up_with_an_organisation_and_no_uai(
    client, edition, django_capture_on_commit_callbacks
):
    page = client.get(reverse("schools:counsellor_signup")).content.decode()
    assert "Créer un compte conseiller·ère" in page
    assert 'name="uai"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:counsellor_signup"), SIGNUP)
    assert response["Location"] == reverse("schools:signup_sent")
    counsellor = Teacher.objects.get(user__email="samia.benali@francetravail.fr")
    assert (counsellor.school.kind, counsellor.school.uai, counsellor.school.name) == (
        "employment",
        None,
        "France Travail — agence de Marignane",
    )
    link = re.search(r"http://testserver(/enseignants/confirmer/\S+)", mail.outbox[0].body)[1]
    client.get(link)
    page = client.get(reverse("schools:classes")).content.decode()
    assert "Mes groupes" in page
    assert "Ajouter un groupe" in page
    assert "Importer des classes" not in page


def test_counsellors_of_one_agency_share_it(client, edition):
    client.post(reverse("schools:counsellor_signup"), SIGNUP)
    client.post(
        reverse("schools:counsellor_signup"),
        {
            **SIGNUP,
            "email": "paul@francetravail.fr",
            "school_name": "france travail — AGENCE de marignane",
        },
    )
    assert School.objects.filter(kind="employment").count() == 1
    assert Teacher.objects.count() == 2


def test_the_teachers_signup_links_to_the_counsellors(client, edition):
    page = client.get(reverse("schools:signup")).content.decode()
    assert reverse("schools:counsellor_signup") in page
    assert 'name="uai"' in page


@pytest.mark.parametrize(
    ("change", "field"),
    [({"school_name": ""}, "school_name"), ({"school_town": "x" * 101}, "school_town")],
)
def test_bad_counsellor_signups_get_form_errors(client, edition, change, field):
    response = client.post(reverse("schools:counsellor_signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Teacher.objects.count() == 0


def test_a_counsellor_creates_a_group_of_job_seekers(client, edition):
    counsellor = CounsellorFactory()
    client.force_login(counsellor.user)
    page = client.get(reverse("schools:class_new")).content.decode()
    assert "Nouveau groupe" in page
    assert "Nombre de participant·es" in page
    assert 'value="jobseekers"' in page
    assert 'value="3e"' not in page
    response = client.post(
        reverse("schools:class_new"),
        {"name": "Atelier mars", "level": "jobseekers", "pupil_count": "10"},
    )
    group = SchoolClass.objects.get(teacher=counsellor)
    assert response["Location"] == group.get_absolute_url()
    assert (group.level, group.pupils.count()) == ("jobseekers", 10)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Groupe Atelier mars" in page
    assert "Pseudonymes des participant·es" in page
    assert "élève" not in page.lower()


def test_a_counsellor_cannot_make_a_class_nor_a_teacher_a_group(client, edition):
    client.force_login(CounsellorFactory().user)
    response = client.post(
        reverse("schools:class_new"), {"name": "3e B", "level": "3e", "pupil_count": "10"}
    )
    assert "level" in response.context["form"].errors
    client.force_login(TeacherFactory().user)
    response = client.post(
        reverse("schools:class_new"),
        {"name": "Atelier", "level": "jobseekers", "pupil_count": "10"},
    )
    assert "level" in response.context["form"].errors
    assert SchoolClass.objects.count() == 0


def test_a_member_joins_the_group_with_its_code_and_is_spoken_to_as_an_adult(client):
    group = GroupFactory(pupil_count=1)
    member = PupilFactory(school_class=group, pseudonym="Grue Rapide")
    started = timezone.now() - datetime.timedelta(minutes=10)
    BookingFactory(school_class=group, slot=SessionSlotFactory(starts_at=started))
    page = client.post(reverse("schools:join"), {"code": group.code}).content.decode()
    assert f"Groupe {group.name} : choisissez votre pseudonyme" in page
    assert "votre conseiller·ère" in page
    response = client.post(
        reverse("schools:join"), {"code": group.code, "pupil": member.pk, "vue": "texte"}
    )
    assert response["Location"] == reverse("town:text") + "?bienvenue=1"
    page = client.get(response["Location"]).content.decode()
    assert "Grue Rapide" in page
    assert "Bienvenue ! Explorez la ville" in page
    assert "Votre conseiller·ère rassemble le groupe." in page


def test_the_teachers_pages_keep_the_words_of_classes(client, edition):
    school_class = SchoolClassFactory()
    client.force_login(school_class.teacher.user)
    page = client.get(reverse("schools:classes")).content.decode()
    assert "Mes classes" in page
    assert "Mes groupes" not in page
