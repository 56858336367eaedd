"""Groups other than classes: a counsellor of an organisation without UAI, a group of adult job
seekers with the same code, pseudonyms and session as a class, and the words for adults."""

import datetime
import html
import re
import subprocess

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.schools.factories import (
    BookingFactory,
    CounsellorFactory,
    GroupFactory,
    PupilFactory,
    SchoolClassFactory,
    TeacherFactory,
)
from tests.schools.helpers import booked_class, watch_testimonial
from tests.tools import require
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
    # The first question comes before the town (insights); skipped here.
    assert response["Location"] == reverse("insights:survey")
    response = client.post(reverse("insights:survey"), {"skip": "1"})
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
    assert "Importer des classes (CSV)" in page
    page = html.unescape(client.get(reverse("schools:class_import")).content.decode())
    assert "<h1>Importer des classes depuis un tableur</h1>" in page
    assert "Une ligne par classe." in page
    booking = booked_class(pupils=1)
    client.force_login(booking.school_class.teacher.user)
    pk = booking.school_class.pk
    page = html.unescape(client.get(reverse("schools:report", args=[pk])).content.decode())
    assert f"<h1>Bilan de la classe {booking.school_class.name}</h1>" in page
    assert "<dt>Élèves venus</dt>" in page
    assert "groupe" not in visible(page).lower()
    page = html.unescape(client.get(reverse("schools:sheet", args=[pk])).content.decode())
    assert f"<title>Fiche de la classe {booking.school_class.name}" in page
    assert "<title>QR code vers la page pour rejoindre la classe</title>" in page


def test_a_counsellor_imports_groups_from_a_spreadsheet(client, edition):
    counsellor = CounsellorFactory()
    client.force_login(counsellor.user)
    url = reverse("schools:class_import")
    assert "Importer des groupes (CSV)" in client.get(reverse("schools:classes")).content.decode()
    page = html.unescape(client.get(url).content.decode())
    assert "<h1>Importer des groupes depuis un tableur</h1>" in page
    assert "Une ligne par groupe. La première ligne nomme les colonnes :" in page
    assert "← Mes groupes" in page
    assert "classe" not in visible(page).lower()

    wrong = b"nom du groupe;niveau;effectif\nAtelier;3e;12\nAtelier;Stagiaires;10\n"
    page = html.unescape(
        client.post(url, {"file": SimpleUploadedFile("g.csv", wrong)}).content.decode()
    )
    assert (
        "Niveau inconnu pour un groupe : « 3e » (demandeur·ses d'emploi, stagiaires de la "
        "formation professionnelle ou autre)."
    ) in page
    assert "Même groupe qu'à la ligne 2." in page

    data = (
        "groupe;niveau;effectif\r\nAtelier mars;Demandeur·ses d'emploi;12\r\n"
        "Reconversion;Stagiaires;10\r\n"
    ).encode()
    response = client.post(url, {"file": SimpleUploadedFile("groupes.csv", data)})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert '<th scope="col">Groupe</th>' in page
    assert '<th scope="col">Participant·es</th>' in page
    assert "Importer les 2 groupes</button>" in page
    assert "classe" not in visible(page).lower()
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    page = client.post(url, {"action": "confirm", "token": token}, follow=True).content.decode()
    assert "2 groupes importés." in html.unescape(page)
    assert sorted(SchoolClass.objects.values_list("name", "level", "pupil_count")) == [
        ("Atelier mars", "jobseekers", 12),
        ("Reconversion", "trainees", 10),
    ]


def visible(page: str) -> str:
    """The page's text as read, without its tags (addresses say /classes/ for groups too)."""
    return re.sub(r"<[^>]*>", " ", page)


def pdf_text(pdf: bytes, folder) -> str:
    (folder / "file.pdf").write_bytes(pdf)
    return subprocess.run(
        [require("pdftotext"), "-layout", folder / "file.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_a_groups_report_sheet_and_certificates_speak_of_participants(client, tmp_path):
    group = GroupFactory(name="Atelier mars", pupil_count=2)
    member = PupilFactory(school_class=group, pseudonym="Grue Rapide")
    PupilFactory(school_class=group, pseudonym="Loutre Calme")
    BookingFactory(
        school_class=group,
        slot=SessionSlotFactory(
            edition=group.edition, starts_at=timezone.now() - datetime.timedelta(minutes=10)
        ),
    )
    building = BuildingFactory(edition=group.edition)
    watch_testimonial(member, TestimonialFactory(company=building.company, published=True))
    client.force_login(group.teacher.user)

    page = html.unescape(client.get(reverse("schools:report", args=[group.pk])).content.decode())
    assert "<h1>Bilan du groupe Atelier mars</h1>" in page
    assert "<dt>Participant·es venu·es</dt>" in page
    assert "<caption>Participant·es par bâtiment visité</caption>" in page
    assert "<caption>Par participant·e</caption>" in page
    assert "Les participant·es qui n'ont pas rejoint la session n'ont pas d'attestation." in page
    assert "élève" not in visible(page).lower()
    assert "classe" not in visible(page).lower()

    report = client.get(reverse("schools:report_pdf", args=[group.pk]))
    assert report["Content-Disposition"] == f'inline; filename="bilan-groupe-{group.pk}.pdf"'
    text = " ".join(pdf_text(report.content, tmp_path).split())
    assert "Bilan du groupe Atelier mars" in text
    assert "Par participant·e" in text
    certificates = client.get(reverse("schools:certificates_pdf", args=[group.pk]))
    text = " ".join(pdf_text(certificates.content, tmp_path).split())
    school = group.teacher.school.name
    assert f"membre du groupe Atelier mars ({school}), a participé à la session du salon" in text
    assert "élève" not in text

    page = html.unescape(client.get(reverse("schools:sheet", args=[group.pk])).content.decode())
    assert "<title>Fiche du groupe Atelier mars" in page
    assert "<title>QR code vers la page pour rejoindre le groupe</title>" in page
    assert "← Retour au groupe" in page
    sheet = client.get(reverse("schools:sheet_pdf", args=[group.pk]))
    text = " ".join(pdf_text(sheet.content, tmp_path).split())
    assert "Groupe Atelier mars" in text
    assert "Pour rejoindre le groupe, ouvrez" in text
    assert "classe" not in text.lower()
