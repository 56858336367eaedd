"""What the teacher sees of the live exchange: the trades wished and the professional on the class
list and page, the exchange's state on the console (and its JSON, polled by the page)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from tests.users.factories import UserFactory
from usine.live import presence
from usine.live.access import PROFESSIONAL, Member
from usine.live.models import LiveRoom, Question

from .test_fair_day import Day


def teacher_client(day) -> Client:
    client = Client()
    client.force_login(day.booking.school_class.teacher.user)
    return client


@pytest.mark.django_db
def test_the_class_page_and_list_name_the_professional_and_the_wished_trades():
    day = Day()
    day.booking.school_class.wanted_trades.set([day.pro.trade])
    client = teacher_client(day)
    expected = (
        f"Métiers demandés : {escape(day.pro.trade.name)}.\n"
        f"Échange avec Inès, {escape(day.pro.trade.name)} — {day.pro.company.name}."
    )
    page = client.get(day.booking.school_class.get_absolute_url()).content.decode()
    assert expected in page
    listing = client.get("/enseignants/").content.decode()
    assert expected in listing


@pytest.mark.django_db
def test_the_professional_s_name_trade_and_company_kept_by_the_pages_change_at_once():
    day = Day()
    client = teacher_client(day)
    url = day.booking.school_class.get_absolute_url()
    assert "Échange avec Inès, " in client.get(url).content.decode()
    day.pro.first_name = "Inaya"
    day.pro.save()
    assert "Échange avec Inaya, " in client.get(url).content.decode()
    day.pro.company.name = "Ateliers Renommés"
    day.pro.company.save()
    assert " — Ateliers Renommés." in client.get(url).content.decode()
    day.pro.trade.name = "Métier renommé"
    day.pro.trade.save()
    assert "Échange avec Inaya, Métier renommé — " in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_class_not_yet_assigned_says_an_e_mail_will_follow():
    day = Day()
    client = Client()
    client.force_login(day.other.school_class.teacher.user)
    page = client.get(day.other.school_class.get_absolute_url()).content.decode()
    assert "Aucun métier demandé.\nProfessionnel·le pas encore attribué·e" in page


@pytest.mark.django_db
def test_the_console_shows_the_exchange_state_and_follows_it():
    day = Day()
    client = teacher_client(day)
    url = f"/enseignants/classes/{day.booking.school_class.pk}/echange/etat"
    page = client.get(f"/enseignants/classes/{day.booking.school_class.pk}/console/")
    html = page.content.decode()
    assert "pas encore connecté·e à la salle" in html
    assert "1 question en attente de modération" in html
    assert f'data-url="{url}"' in html

    presence.seen(room_id=day.room.pk, member=Member(PROFESSIONAL, user_id=day.pro.user_id))
    Question.objects.create(room=day.room, author=day.pupils[1], text="Et le salaire ?")
    data = client.get(url).json()
    assert (data["professional_connected"], data["pending_questions"]) == (True, 2)
    assert "<strong>connecté·e à la salle</strong>" in data["html"]


@pytest.mark.django_db
def test_the_state_is_the_class_teacher_s_only():
    day = Day()
    url = f"/enseignants/classes/{day.booking.school_class.pk}/echange/etat"
    client = Client()
    assert client.get(url).status_code == 302
    client.force_login(day.other.school_class.teacher.user)  # another teacher
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert LiveRoom.objects.count() == 1


@pytest.mark.django_db
def test_the_way_into_the_exchange_shows_on_the_console_when_its_time_comes():
    day = Day()
    client = teacher_client(day)
    school_class = day.booking.school_class
    url = f"/enseignants/classes/{school_class.pk}/echange/etat"
    slot = day.booking.slot
    slot.starts_at = timezone.now() + datetime.timedelta(days=1)
    slot.save(update_fields=["starts_at"])
    later = client.get(url).json()["link"]
    assert later.startswith(
        '<span class="exchange-later">'
        "Le bouton pour rejoindre l'échange en direct apparaîtra ici le "
    )

    slot.starts_at = timezone.now() - datetime.timedelta(minutes=58)
    slot.save(update_fields=["starts_at"])
    assert client.get(url).json()["link"] == (
        f'<a class="button" href="/enseignants/classes/{school_class.pk}/direct/">'
        "Rejoindre l'échange en direct</a>"
    )
