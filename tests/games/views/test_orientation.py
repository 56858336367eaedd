import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory
from tests.schools.helpers import booked_class, seated_session
from usine.games.models import OrientationKept
from usine.schools import passport

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def pupil():
    cache.clear()
    pupil = booked_class().school_class.pupils.first()
    lab = BuildingFactory(
        edition=pupil.school_class.edition,
        slug="labo-apt",
        company=CompanyFactory(name="Essences d'Apt"),
    )
    JobProfileFactory(company=lab.company, trade=catalogue_trade("H1503"))  # ICR
    return pupil


def pupil_client(pupil) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    return client


def keep(client, code="IAS"):
    page = client.get(reverse("games:orientation_result", args=[code])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    url = reverse("games:orientation_keep", args=[code])
    return client.post(url, {"csrfmiddlewaretoken": token}, follow=True)


def profile_in_bar(response) -> str:
    page = response.content.decode()
    found = re.search(r"<section class=\"passport-profile\".*?</section>", page, re.S)
    return text_of(type("R", (), {"content": found.group(0).encode()})) if found else ""


def test_a_pupil_keeps_the_profile_and_the_passport_shows_it_at_once(pupil):
    client = pupil_client(pupil)
    before = client.get(reverse("town:text"))  # the passport is drawn and cached without it
    assert profile_in_bar(before) == ""
    kept = keep(client)
    assert "Ton profil est gardé dans ton passeport." in text_of(kept)
    assert "Ce profil est gardé dans ton passeport." in text_of(kept)
    assert list(OrientationKept.objects.values_list("pupil", "code")) == [(pupil.pk, "IAS")]
    shown = profile_in_bar(client.get(reverse("town:text")))
    assert shown == (
        "Profil « Quel métier pour moi ? » : IAS "
        "I — comprendre : chercher, analyser, résoudre des problèmes "
        "A — créer : imaginer, dessiner, donner forme à des idées "
        "S — les autres : aider, expliquer, travailler en équipe "
        "Des métiers qui y répondent : Technicien·ne de laboratoire — Site de Essences d'Apt "
        "Le profil en entier et tous ses métiers"
    )
    page = client.get(reverse("town:text")).content.decode()
    assert '<a href="/batiments/labo-apt/#metiers">Site de Essences d&#x27;Apt</a>' in page


def test_a_pupil_takes_the_profile_out_of_the_passport_from_its_page(pupil):
    client = pupil_client(pupil)
    kept = keep(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
    assert "Retirer ce profil de mon passeport" in text_of(kept)
    removed = client.post(
        reverse("games:orientation_forget", args=["ias"]),
        {"csrfmiddlewaretoken": token},
        follow=True,
    )
    assert removed.redirect_chain == [(reverse("games:orientation_result", args=["IAS"]), 302)]
    assert "Ton profil n'est plus dans ton passeport." in text_of(removed)
    assert "Garder ce profil dans mon passeport" in text_of(removed)
    assert OrientationKept.objects.count() == 0
    assert profile_in_bar(client.get(reverse("town:text"))) == ""


def test_someone_not_in_session_removes_nothing(pupil):
    OrientationKept.objects.create(pupil=pupil, code="IAS")
    response = Client().post(reverse("games:orientation_forget", args=["IAS"]), follow=True)
    assert "Seul·e un·e élève en session avec sa classe garde son profil." in text_of(response)
    assert OrientationKept.objects.count() == 1


def test_the_kept_profile_is_read_from_the_cache_until_the_next_stamp(
    pupil, django_assert_num_queries
):
    OrientationKept.objects.create(pupil=pupil, code="IAS")
    first = passport.shown_passport(pupil=pupil)
    with django_assert_num_queries(0):
        again = passport.shown_passport(pupil=pupil)
    assert again.sections == first.sections
    assert "IAS" in again.sections[0]


def test_someone_not_in_session_keeps_nothing(pupil):
    client = Client()
    response = client.post(reverse("games:orientation_keep", args=["IAS"]), follow=True)
    assert "Seul·e un·e élève en session avec sa classe garde son profil." in text_of(response)
    assert OrientationKept.objects.count() == 0
    result = client.get(reverse("games:orientation_result", args=["IAS"]))
    assert "Garder ce profil dans mon passeport" not in text_of(result)


def test_an_odd_code_is_not_kept(pupil):
    client = pupil_client(pupil)
    client.get(reverse("games:orientation_result", args=["IAS"]))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("games:orientation_keep", args=["XYZ"]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 404
    assert OrientationKept.objects.count() == 0


def test_the_teacher_never_sees_a_pupil_s_profile(pupil):
    OrientationKept.objects.create(pupil=pupil, code="IAS")
    teacher = Client()
    teacher.force_login(pupil.school_class.teacher.user)
    console = teacher.get(reverse("schools:console", args=[pupil.school_class.pk]))
    assert console.status_code == 200
    assert "IAS" not in console.content.decode()
    assert "Quel métier" not in text_of(console)
