import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.forum.factories import TalkFactory
from tests.media.factories import VideoFactory
from tests.schools.helpers import booked_class, seated_session
from usine.exhibits.models import Testimonial
from usine.fair.models import Edition
from usine.forum.services import set_talk_state


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_api_town_returns_json_with_an_etag_and_cache_headers(client):
    BuildingFactory(slug="port-de-fos")

    response = client.get("/api/town")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert response.json()["buildings"][0]["slug"] == "port-de-fos"


@pytest.mark.django_db
def test_api_town_answers_304_to_a_matching_etag(client):
    BuildingFactory()
    etag = client.get("/api/town")["ETag"]

    response = client.get("/api/town", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.django_db
def test_api_town_without_an_open_edition_answers_404_with_a_message(client):
    EditionFactory(state=Edition.State.DRAFT)

    response = client.get("/api/town", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    assert response.json() == {"error": "Aucune édition du salon n'est ouverte."}


@pytest.mark.django_db
def test_api_town_refuses_other_methods(client):
    response = client.post("/api/town")

    assert response.status_code == 405


@pytest.mark.django_db
def test_text_view_lists_every_building_as_a_link(client):
    edition = EditionFactory()
    buildings = BuildingFactory.create_batch(3, edition=edition)

    page = client.get("/ville/texte/").content.decode()

    for building in buildings:
        assert f'href="/batiments/{building.slug}/"' in page


@pytest.mark.django_db
def test_text_view_without_an_open_edition_says_so(client):
    page = client.get("/ville/texte/", headers={"Accept-Language": "fr"}).content.decode()

    assert "Aucune édition du salon n'est ouverte pour le moment." in page


# --- the session bar on the text view (a pupil on a weak PC) -------------------------------


def bar_of(page: str) -> str:
    return page[
        page.index('<section class="session-bar"') : page.index(
            "</section>", page.index("data-session-bar")
        )
    ]


@pytest.mark.django_db
def test_the_text_view_shows_a_pupil_the_session_bar_with_the_time_left(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=20))
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    bar = bar_of(client.get(reverse("town:text")).content.decode())
    assert "Grue Rapide 1" in bar
    # Drawn by the server, so it shows without JavaScript: 40 minutes, a second or two less.
    time_left = re.search(r"data-time-left>(\d\d):(\d\d)<", bar)
    assert 39 * 60 + 50 <= int(time_left[1]) * 60 + int(time_left[2]) <= 40 * 60
    assert '<p class="session-live" data-live-link hidden>' in bar
    assert 'data-building=""' in bar
    assert "data-passport-count>0</span>/5 bâtiments" in bar
    refresh = re.search(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">', bar)
    assert 2390 <= int(refresh[1]) <= 2400
    assert refresh[2] == reverse("live:class_exchange")


@pytest.mark.django_db
def test_from_minute_60_the_text_views_bar_links_the_live_exchange(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=60, seconds=5))
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    bar = bar_of(client.get(reverse("town:text")).content.decode())
    assert "data-time-left>00:00<" in bar
    live = reverse("live:class_exchange")
    assert f'<p class="session-live" data-live-link><a href="{live}">' in bar
    assert f'<meta http-equiv="refresh" content="0;url={live}">' in bar


@pytest.mark.django_db
def test_a_visitor_gets_no_session_bar_on_the_text_view(client):
    booked_class()
    assert "data-session-bar" not in client.get(reverse("town:text")).content.decode()


# --- the challenge's podium on the text view ---------------------------------------------------


def podium_switch_of(page: str) -> str:
    return page[
        page.index("data-podium-filters") : page.index("</form>", page.index("data-podium-filters"))
    ]


@pytest.mark.django_db
def test_the_podium_switch_selects_the_day_and_level_asked_page_after_page(client):
    EditionFactory(starts_on=datetime.date(2021, 11, 22), ends_on=datetime.date(2021, 11, 23))

    first = podium_switch_of(client.get("/ville/texte/?jour=2021-11-23&niveau=4e").content.decode())
    second = podium_switch_of(client.get("/ville/texte/?jour=2021-11-22").content.decode())

    assert '<option value="2021-11-23" selected>mardi 23</option>' in first
    assert '<option value="4e" selected>' in first
    assert '<option value="2021-11-22">lundi 22</option>' in first
    assert '<option value="2021-11-22" selected>lundi 22</option>' in second
    assert '<option value="2021-11-23">mardi 23</option>' in second
    assert '<option value="4e" selected>' not in second


@pytest.mark.django_db
def test_the_podium_switch_lists_the_days_of_the_edition_shown(client):
    edition = EditionFactory(
        starts_on=datetime.date(2021, 11, 22), ends_on=datetime.date(2021, 11, 23)
    )
    client.get("/ville/texte/")
    Edition.objects.filter(pk=edition.pk).update(state=Edition.State.DRAFT)
    EditionFactory(starts_on=datetime.date(2022, 3, 14), ends_on=datetime.date(2022, 3, 14))

    switch = podium_switch_of(client.get("/ville/texte/").content.decode())

    assert '<option value="2022-03-14">lundi 14</option>' in switch
    assert "2021-11-22" not in switch


# --- The part of the town and text view pages every visitor sees alike is cached ----------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ville/texte/"])
def test_a_second_visit_reads_nothing_from_the_database(client, url, django_assert_num_queries):
    BuildingFactory(name="Hangar de Marignane")
    first = client.get(url).content.decode()

    with django_assert_num_queries(0):
        second = client.get(url).content.decode()

    # The same bytes (no CSRF token on anonymous pages): the front cache may keep them.
    assert second == first
    assert "Hangar de Marignane" in second


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ville/texte/"])
def test_a_renamed_building_shows_its_new_name_at_once(client, url):
    building = BuildingFactory(name="Hangar de Marignane")
    client.get(url)

    building.name = "Hangar d'Istres"
    building.save()
    page = client.get(url).content.decode()

    assert "Hangar de Marignane" not in page
    assert "Hangar d&#x27;Istres" in page


@pytest.mark.django_db
def test_the_town_page_in_english_is_not_the_french_one(client):
    BuildingFactory()

    french = client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    english = client.get("/", headers={"Accept-Language": "en"}).content.decode()

    assert "Les bâtiments" in french
    assert "Les bâtiments" not in english


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ville/texte/"])
def test_an_edition_taken_back_to_draft_closes_the_town_at_once(client, url):
    building = BuildingFactory()
    client.get(url)

    building.edition.state = Edition.State.DRAFT
    building.edition.save()
    page = client.get(url).content.decode()

    assert building.name not in page
    assert "Aucune édition du salon n'est ouverte" in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ville/texte/"])
def test_after_the_fair_the_town_stays_open_without_the_pupils_door(client, url):
    """Archive mode: the archived edition keeps its town; classes no longer come in."""
    building = BuildingFactory()
    assert "Rejoindre ma classe</a>" in client.get(url).content.decode().split("<main", 1)[1]

    building.edition.state = Edition.State.ARCHIVED
    building.edition.save()
    page = client.get(url).content.decode()

    assert building.name in page
    assert "Le salon est terminé." in page
    assert 'class="pupil-door"' not in page


@pytest.mark.django_db
def test_the_open_edition_is_shown_rather_than_the_archived_one(client):
    BuildingFactory(name="Site de l'an dernier", edition__state=Edition.State.ARCHIVED)
    BuildingFactory(name="Site de cette année", edition__state=Edition.State.OPEN)

    page = client.get("/ville/texte/").content.decode()

    assert "Site de cette année" in page
    assert "Site de l&#x27;an dernier" not in page


@pytest.mark.django_db
def test_the_3d_preview_shows_a_draft_editions_town(client):
    from tests.fair.factories import EditionFactory as Editions
    from tests.users.factories import UserFactory as Users
    from usine.fair.models import Edition as EditionModel

    client.force_login(Users(is_staff=True))
    organizer = client
    Editions()
    draft = Editions(state=EditionModel.State.DRAFT, slug="salon-2022")
    from tests.fair.factories import BuildingFactory as Buildings

    Buildings(edition=draft, name="Atelier Martin")
    page = organizer.get("/organisation/editions/salon-2022/apercu/").content.decode()
    assert 'data-api-url="/organisation/editions/salon-2022/apercu/town"' in page
    town = organizer.get("/organisation/editions/salon-2022/apercu/town").json()
    assert [b["name"] for b in town["buildings"]] == ["Atelier Martin"]
    public = organizer.get("/").content.decode()
    assert 'data-api-url="/api/town"' in public


@pytest.mark.django_db
def test_the_preview_is_for_organizers_only(client):
    from tests.fair.factories import EditionFactory as Editions
    from tests.users.factories import UserFactory as Users

    Editions(slug="salon-2021")
    client.force_login(Users())
    assert client.get("/organisation/editions/salon-2021/apercu/").status_code == 403
    assert client.get("/organisation/editions/salon-2021/apercu/town").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ville/texte/"])
def test_the_town_says_what_is_live_at_the_forum_within_the_second(client, url):
    building = BuildingFactory()
    talk = TalkFactory(edition=building.edition, title="Ouverture du Forum", slug="ouverture")
    first = client.get(url).content.decode()
    assert 'data-refresh-url="/forum/maintenant.html"' in first
    assert "live-badge" not in first

    set_talk_state(talk=talk, state="live")
    page = client.get(url).content.decode()

    assert '<span class="live-badge">En direct</span>' in page
    assert '<a href="/forum/ouverture/">Ouverture du Forum</a>' in page


# --- the text view's counts, singular or plural as each language says ---------------------------


def entry_of(page: str, name: str) -> str:
    """A building's entry in the text view, as read: tags dropped, spaces joined."""
    entry = page[page.index(f"<strong>{name}</strong>") :]
    entry = entry[: entry.index("</li>")]
    return " ".join(re.sub(r"<[^>]+>", " ", entry).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "none", "one", "two"),
    [
        ("fr", "0 témoignage", "1 témoignage 1 de femme", "2 témoignages 2 de femmes"),
        ("en", "0 testimonials", "1 testimonial 1 by a woman", "2 testimonials 2 by women"),
    ],
)
def test_the_text_view_counts_testimonials_in_the_readers_plural(client, language, none, one, two):
    edition = EditionFactory()
    BuildingFactory(edition=edition, name="Forge")  # none
    single, double = (BuildingFactory(edition=edition, name=name) for name in ("Port", "Scierie"))
    woman = Testimonial.Gender.WOMAN
    for building, count in ((single, 1), (double, 2)):
        for _ in range(count):
            TestimonialFactory(
                company=building.company, published=True, gender=woman, video=VideoFactory()
            )
    page = client.get(reverse("town:text"), headers={"Accept-Language": language})
    text = page.content.decode()
    assert entry_of(text, "Forge").endswith(f". {none}")
    assert entry_of(text, "Port").endswith(f". {one}")
    assert entry_of(text, "Scierie").endswith(f". {two}")
