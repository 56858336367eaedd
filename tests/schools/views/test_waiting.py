import html

import pytest
from django.urls import reverse

from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory, TeacherFactory
from usine.schools.models import WaitingListEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return TeacherFactory()


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher.user)
    return client


@pytest.fixture
def full_slot():
    slot = SessionSlotFactory(capacity=1)
    BookingFactory(slot=slot, school_class=SchoolClassFactory(edition=slot.edition))
    return slot


def test_put_a_class_on_the_list_of_a_full_slot_then_take_it_off(
    teacher_client, teacher, full_slot
):
    school_class = SchoolClassFactory(teacher=teacher, edition=full_slot.edition, name="4e B")
    calendar = html.unescape(teacher_client.get(reverse("schools:slots")).content.decode())
    assert calendar.count('<span class="badge">complet</span>') == 1
    assert "Liste d'attente" in calendar

    joined = teacher_client.post(
        reverse("schools:waiting_join"),
        {"school_class": school_class.pk, "slot": full_slot.pk},
        follow=True,
    )
    page = html.unescape(joined.content.decode())
    assert "La classe 4e B est n° 1 sur la liste d'attente" in page
    assert "1 classe en liste d'attente" in page
    assert "Retirer 4e B de la liste" in page

    detail = html.unescape(teacher_client.get(school_class.get_absolute_url()).content.decode())
    assert "n° 1 sur la liste" in detail
    left = teacher_client.post(
        reverse("schools:waiting_leave"),
        {
            "school_class": school_class.pk,
            "slot": full_slot.pk,
            "next": school_class.get_absolute_url(),
        },
    )
    assert left.status_code == 302
    assert left["Location"] == school_class.get_absolute_url()
    assert not WaitingListEntry.objects.exists()


def test_leaving_never_goes_to_another_site(teacher_client, teacher, full_slot):
    school_class = SchoolClassFactory(teacher=teacher, edition=full_slot.edition)
    WaitingListEntry.objects.create(slot=full_slot, school_class=school_class)
    left = teacher_client.post(
        reverse("schools:waiting_leave"),
        {"school_class": school_class.pk, "slot": full_slot.pk, "next": "https://evil.example/"},
    )
    assert left["Location"] == reverse("schools:slots")


@pytest.mark.parametrize(
    ("slot_value", "message"),
    [
        ("open", "Ce créneau a encore des places : réservez-le directement."),
        ("x", "Ce créneau n'existe pas pour l'édition de cette classe."),
        ("", "Ce créneau n'existe pas pour l'édition de cette classe."),
    ],
)
def test_bad_waiting_requests_get_a_clear_409(teacher_client, teacher, slot_value, message):
    school_class = SchoolClassFactory(teacher=teacher)
    if slot_value == "open":
        slot_value = SessionSlotFactory(edition=school_class.edition).pk
    response = teacher_client.post(
        reverse("schools:waiting_join"), {"school_class": school_class.pk, "slot": slot_value}
    )
    assert response.status_code == 409
    assert message in html.unescape(response.content.decode())
    assert not WaitingListEntry.objects.exists()


def test_another_teachers_class_cannot_wait_or_leave(teacher_client, full_slot):
    other = SchoolClassFactory(edition=full_slot.edition)
    for name in ("schools:waiting_join", "schools:waiting_leave"):
        response = teacher_client.post(
            reverse(name), {"school_class": other.pk, "slot": full_slot.pk}
        )
        assert response.status_code == 404
    assert teacher_client.get(reverse("schools:waiting_join")).status_code == 405
    assert not WaitingListEntry.objects.exists()
