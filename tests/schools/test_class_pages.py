"""The teacher's pages of a class read it from the cache, and show any change to it at once."""

import datetime

import pytest
from django.test import Client
from django.utils.timezone import localtime

from tests.exhibits.factories import TradeFactory
from tests.schools.factories import TeacherFactory
from tests.schools.helpers import booked_class
from usine.schools import class_pages, services
from usine.schools.errors import NotYours
from usine.schools.models import Pupil

pytestmark = pytest.mark.django_db


def teacher_client(booking) -> Client:
    client = Client()
    client.force_login(booking.school_class.teacher.user)
    return client


def class_page(client, booking) -> str:
    response = client.get(booking.school_class.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def console_page(client, booking) -> str:
    response = client.get(f"/enseignants/classes/{booking.school_class.pk}/console/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_class_is_read_once_then_kept(django_assert_num_queries):
    booking = booked_class(pupils=3)
    teacher = booking.school_class.teacher
    with django_assert_num_queries(3):  # the class with its booking, its trades, its pupils
        shown = class_pages.shown_class(teacher=teacher, class_id=booking.school_class.pk)
    with django_assert_num_queries(0):
        again = class_pages.shown_class(teacher=teacher, class_id=booking.school_class.pk)
    assert again.school_class.booking.pk == booking.pk
    assert [name for _pk, name in again.pupils] == [name for _pk, name in shown.pupils]
    assert [name for _pk, name in again.pupils] == [
        "Grue Rapide 1",
        "Grue Rapide 2",
        "Grue Rapide 3",
    ]


def test_another_teacher_s_class_is_not_theirs_even_once_kept():
    booking = booked_class()
    class_pages.shown_class(teacher=booking.school_class.teacher, class_id=booking.school_class.pk)
    with pytest.raises(NotYours):
        class_pages.shown_class(teacher=TeacherFactory(), class_id=booking.school_class.pk)
    with pytest.raises(NotYours):
        class_pages.shown_class(teacher=booking.school_class.teacher, class_id=10**9)
    with pytest.raises(NotYours):
        class_pages.shown_class(teacher=booking.school_class.teacher, class_id="x")


def test_a_renamed_class_and_new_wishes_show_at_once():
    booking = booked_class()
    client = teacher_client(booking)
    assert "aucun choisi" in class_page(client, booking)
    welder = TradeFactory(name="Soudeur d'essai")
    services.update_class(
        school_class=booking.school_class, name="3e Renommée", level="3e", wanted_trades=[welder]
    )
    page = class_page(client, booking)
    assert "Classe 3e Renommée" in page
    assert "Soudeur d&#x27;essai" in page
    welder.name = "Soudeuse d'essai"
    welder.save()
    assert "Soudeuse d&#x27;essai" in class_page(client, booking)
    welder.interested_classes.clear()
    assert "aucun choisi" in class_page(client, booking)


def test_pseudonyms_added_removed_or_made_anew_show_at_once():
    booking = booked_class(pupils=2)
    school_class = booking.school_class
    client = teacher_client(booking)
    assert class_page(client, booking).count('name="pupil" value="') == 2
    added = services.add_pupil(school_class=school_class)
    page = class_page(client, booking)
    assert page.count('name="pupil" value="') == 3
    assert f'value="{added.pk}"' in page
    assert f'<tr data-pupil="{added.pk}">' in console_page(client, booking)
    services.remove_pupil(school_class=school_class, pupil_id=added.pk)
    assert f'value="{added.pk}"' not in class_page(client, booking)
    assert f'<tr data-pupil="{added.pk}">' not in console_page(client, booking)
    Pupil.objects.filter(school_class=school_class).first().delete()
    assert class_page(client, booking).count('name="pupil" value="') == 1


def test_a_moved_or_cancelled_session_shows_at_once():
    booking = booked_class(started_ago=datetime.timedelta(days=-3))
    client = teacher_client(booking)
    slot = booking.slot
    assert f"de {localtime(slot.starts_at):%H:%M}" in class_page(client, booking)
    slot.starts_at += datetime.timedelta(hours=2, minutes=7)
    slot.save()
    assert f"de {localtime(slot.starts_at):%H:%M}" in class_page(client, booking)
    booking.delete()
    assert "Pas encore de session réservée." in class_page(client, booking)
    response = client.get(f"/enseignants/classes/{booking.school_class.pk}/console/")
    assert response.status_code == 404
