import datetime
import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.schools.helpers import booked_class, seated_session
from usine.games import challenge
from usine.schools.models import SchoolClass

pytestmark = pytest.mark.django_db

FAIR_DAY = datetime.datetime(2021, 11, 23, 10, 0, tzinfo=datetime.UTC)  # the factories' edition
URL = reverse("games:challenge_json")


def text_of(answer: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answer)).split())


@pytest.fixture(autouse=True)
def _fresh_podium():
    cache.clear()


def scored(name: str, points: int, *, pupils=2, level=SchoolClass.Level.TROISIEME, at=FAIR_DAY):
    school_class = booked_class(pupils=pupils).school_class
    school_class.name, school_class.level = name, level
    school_class.save(update_fields=["name", "level"])
    members = list(school_class.pupils.all())
    for n in range(points):
        challenge.award(pupil=members[n % pupils], kind="stamp", proof=f"{name}:{n}", now=at)
    return school_class


@pytest.fixture
def four_classes():
    return [
        scored(f"3e {letter}", points) for letter, points in zip("ABCD", (8, 6, 4, 2), strict=True)
    ]


def pupil_client(pupil) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    return client


def test_the_town_s_box_polls_the_first_three_and_gets_only_a_version_while_nothing_moves(
    client, four_classes, django_assert_num_queries
):
    first = client.get(URL, {"top": "3"}).json()
    school = four_classes[0].teacher.school
    where = f"{school.name} ({school.town})"
    assert school == four_classes[2].teacher.school  # one school in the factories
    assert text_of(first["html"]) == (
        "Classement de la semaine Rang Classe Points par élève "  # the school under the class
        f"1 3e A 3e {where} 4,00 2 3e B 3e {where} 3,00 3 3e C 3e {where} 2,00"
    )
    assert '<th scope="col">Établissement</th>' in client.get(URL).json()["html"]  # the page's
    with django_assert_num_queries(0):  # every visitor's poll: the cache alone
        again = client.get(URL, {"top": "3", "v": first["version"]})
    assert again.json() == {"version": first["version"]}
    assert again["X-Accel-Expires"].startswith("@")  # anonymous: the front cache keeps it too


def test_a_new_point_gives_a_new_version_once_the_podium_is_read_again(client, four_classes):
    before = client.get(URL, {"top": "3"}).json()["version"]
    pupil = four_classes[3].pupils.first()
    for n in range(8):
        challenge.award(pupil=pupil, kind="stamp", proof=f"late:{n}", now=FAIR_DAY)
    assert client.get(URL, {"top": "3", "v": before}).json() == {"version": before}  # cached
    cache.clear()  # PODIUM_CACHE_SECONDS later
    moved = client.get(URL, {"top": "3", "v": before}).json()
    assert moved["version"] != before
    assert "3e D" in moved["html"]


def test_the_switch_by_day_and_by_level(client):
    scored("4e Lundi", 4, level=SchoolClass.Level.QUATRIEME, at=FAIR_DAY - datetime.timedelta(1))
    scored("3e Mardi", 2)
    monday = client.get(URL, {"jour": "2021-11-22"}).json()["html"]
    assert "Classement du lundi 22 novembre" in text_of(monday)
    assert "4e Lundi" in monday
    assert "3e Mardi" not in monday
    fourth = text_of(client.get(URL, {"niveau": "4e"}).json()["html"])
    assert fourth.startswith("Classement de la semaine — 4e")
    assert "3e Mardi" not in fourth
    # A day outside the fair, or anything else, is the whole week.
    for odd in ("2031-01-01", "lundi", "2021-13-40"):
        assert "Classement de la semaine" in client.get(URL, {"jour": odd}).json()["html"]
    nobody = client.get(URL, {"niveau": "bts"}).json()["html"]
    assert text_of(nobody) == (
        "Classement de la semaine — BTS Aucune classe n'a encore marqué de point ici."
    )


def test_a_pupil_sees_the_class_marked_and_its_rank_never_a_pupil_s_score(
    four_classes, django_assert_num_queries
):
    mine = four_classes[3]
    client = pupil_client(mine.pupils.first())
    client.get(URL, {"top": "3"})  # the seat, read once into the cache
    with django_assert_num_queries(0):
        answer = client.get(URL, {"top": "3"}).json()
    shown = text_of(answer["html"])
    assert shown.endswith("Ta classe : rang 4 sur 4.")
    assert "ta classe" not in shown.replace("Ta classe : rang", "")  # not among the first three
    assert answer["version"].endswith(f"-{mine.pk}")
    page = client.get(reverse("games:challenge")).content.decode()
    marked = re.search(r'<tr class="[^"]*podium-mine[^"]*">(.*?)</tr>', page).group(1)
    assert text_of(marked).startswith("4 3e D 3e ta classe")
    with_rival = pupil_client(four_classes[0].pupils.first()).get(URL, {"top": "3"}).json()
    assert text_of(with_rival["html"]).endswith("Ta classe : rang 1 sur 4.")


def test_a_pupil_whose_class_has_not_scored_is_told_so():
    quiet = booked_class().school_class
    scored("3e Active", 2)
    shown = text_of(pupil_client(quiet.pupils.first()).get(URL).json()["html"])
    assert shown.endswith(
        "Ta classe n'a pas encore de point dans ce classement : à vous de jouer !"
    )


def test_the_3d_town_has_the_box_with_its_switch_and_the_text_view_draws_it(client, four_classes):
    town = client.get(reverse("town:town")).content.decode()
    box = town[town.index('<section class="town-podium"') :]
    box = box[: box.index("</section>")]
    assert '<option value="2021-11-22">lundi 22</option>' in box
    assert '<option value="4e">4e</option>' in box
    assert "Chargement du classement…" in box  # the page is the same for all: the script polls
    text_view = client.get(reverse("town:text")).content.decode()
    box = text_view[text_view.index('<section class="town-podium"') :]
    assert "3e C" in box
    assert "3e D" not in box
    assert f'data-version="{challenge.live_podium().version}"' in box
