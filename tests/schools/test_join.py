import datetime
import html

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.fair.factories import BuildingFactory
from tests.schools.factories import SchoolClassFactory
from usine import versions
from usine.insights import recording
from usine.insights.models import Event
from usine.live.models import LiveRoom
from usine.schools import codes, join, passport, services
from usine.schools.errors import (
    MalformedCode,
    NoSession,
    NotYetTime,
    PseudonymTaken,
    SessionOver,
    SessionsClosed,
    TooManyAttempts,
    UnknownCode,
    UnknownPseudonym,
)
from usine.schools.join import PUPIL_SESSION_KEY
from usine.schools.models import Pupil, SeatClaim

from .helpers import booked_class, seated_session

pytestmark = pytest.mark.django_db

JOIN = "/rejoindre/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def spoken(code: str) -> str:
    """A code as a pupil types it: lower case, spaces instead of dashes."""
    return f" {code[:4].lower()} {code[4:8]}\u2013{code[8:].lower()} "  # an en dash, typed


# --- services ------------------------------------------------------------------------------------


def test_a_code_is_found_whatever_its_case_spaces_and_dashes():
    school_class = SchoolClassFactory()
    assert join.find_class(code=spoken(school_class.code), ip="10.0.0.1") == school_class


def test_a_code_with_letters_no_code_contains_gets_its_own_message():
    with pytest.raises(MalformedCode) as raised:
        join.find_class(code="K7QH-3MXP-9TR0", ip="10.0.0.1")
    assert "0, O, 1, I ou L" in str(raised.value.message)


def test_an_unknown_and_an_old_code_get_the_same_clear_message():
    school_class = SchoolClassFactory()
    old = school_class.code
    services.regenerate_code(school_class=school_class)
    with pytest.raises(UnknownCode) as raised:
        join.find_class(code=old, ip="10.0.0.1")
    assert "l'ancien ne fonctionne plus" in str(raised.value.message)
    assert join.find_class(code=school_class.code, ip="10.0.0.1") == school_class


class FakeClock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(join, "_now", fake)
    return fake


def test_typos_from_a_school_never_refuse_a_good_code():
    school_class = SchoolClassFactory()
    for _typo in range(50):
        with pytest.raises(UnknownCode):
            join.find_class(code="2345-6789-ABCD", ip="10.0.0.9")
    assert join.find_class(code=school_class.code, ip="10.0.0.9") == school_class


def test_a_whole_class_behind_one_router_can_join_again_and_again():
    school_class = SchoolClassFactory()
    for _pupil in range(300):
        assert join.find_class(code=school_class.code, ip="10.0.0.1") == school_class


def test_past_the_free_allowance_each_wrong_code_doubles_the_wait(clock):
    school_class = SchoolClassFactory()
    for _attempt in range(join.FREE_FAILURES_PER_ADDRESS):
        with pytest.raises(UnknownCode):
            join.find_class(code="2345-6789-ABCD", ip="10.0.0.9")
    waits = []
    for _attempt in range(10):
        with pytest.raises(UnknownCode):
            join.find_class(code="2345-6789-ABCD", ip="10.0.0.9")
        with pytest.raises(TooManyAttempts) as refused:
            join.find_class(code=school_class.code, ip="10.0.0.9")
        waits.append(refused.value.seconds)
        clock.now += refused.value.seconds
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    # Another address (another school) is not affected, and the address's wait ends.
    assert join.find_class(code=school_class.code, ip="10.0.0.10") == school_class
    assert join.find_class(code=school_class.code, ip="10.0.0.9") == school_class


def test_a_guesser_at_full_speed_gets_a_few_hundred_tries_an_hour_from_one_address(clock):
    """The README's arithmetic: 31^12 codes, a thousand of them live at most."""
    tries, started = 0, clock.now
    while clock.now < started + 3600:
        try:
            join.find_class(code="2345-6789-ABCD", ip="10.6.6.6")
        except UnknownCode:
            tries += 1
        except TooManyAttempts as refused:
            clock.now += refused.seconds
    per_second = tries / 3600
    assert tries < 6 * (join.FREE_FAILURES_PER_ADDRESS + 20)
    live_codes, code_space = 1_000, len(codes.ALPHABET) ** codes.LENGTH
    assert code_space > 2**59
    years_to_find_one = code_space / live_codes / per_second / (365 * 24 * 3600)
    assert years_to_find_one > 10_000_000


def test_a_class_without_a_booking_cannot_come_in_yet():
    with pytest.raises(NoSession):
        join.session_open(school_class=SchoolClassFactory())


def test_before_the_slot_the_message_says_when_in_paris_time():
    booking = booked_class(started_ago=datetime.timedelta(0))
    booking.slot.starts_at = datetime.datetime(2031, 11, 24, 8, 30, tzinfo=datetime.UTC)
    booking.slot.save()
    with pytest.raises(NotYetTime) as raised:
        join.session_open(
            school_class=booking.school_class,
            now=datetime.datetime(2031, 11, 24, 7, 0, tzinfo=datetime.UTC),
        )
    assert str(raised.value.message) == (
        "La session de ta classe a lieu le lundi 24 novembre 2031 à 09:30 (heure de Paris). "
        "Tu pourras la rejoindre à partir de 09:15."
    )


def test_pupils_may_come_in_fifteen_minutes_early_and_not_after_the_end():
    booking = booked_class(started_ago=-datetime.timedelta(minutes=14))
    assert join.session_open(school_class=booking.school_class)[0] == booking
    over = booked_class(started_ago=datetime.timedelta(minutes=91))
    with pytest.raises(SessionOver):
        join.session_open(school_class=over.school_class)


def test_a_pseudonym_is_held_by_one_browser_at_a_time():
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    assert join.claim(school_class=booking.school_class, pupil_id=pupil.pk, session_key="a" * 32)
    # The same browser may pick it again (a reload, a second tab).
    join.claim(school_class=booking.school_class, pupil_id=pupil.pk, session_key="a" * 32)
    with pytest.raises(PseudonymTaken):
        join.claim(school_class=booking.school_class, pupil_id=pupil.pk, session_key="b" * 32)
    assert SeatClaim.objects.get().session_key == "a" * 32


def test_a_browser_that_picks_another_pseudonym_lets_the_first_one_go():
    booking = booked_class()
    first, second = booking.school_class.pupils.all()[:2]
    join.claim(school_class=booking.school_class, pupil_id=first.pk, session_key="a" * 32)
    join.claim(school_class=booking.school_class, pupil_id=second.pk, session_key="a" * 32)
    assert list(SeatClaim.objects.values_list("pupil_id", flat=True)) == [second.pk]


@pytest.mark.parametrize("pupil_id", ["abc", None, "999999"])
def test_a_pseudonym_of_another_class_or_nonsense_is_refused(pupil_id):
    booking = booked_class()
    with pytest.raises(UnknownPseudonym):
        join.claim(school_class=booking.school_class, pupil_id=pupil_id, session_key="a" * 32)


# --- the join page -------------------------------------------------------------------------------


def test_the_code_step_lists_the_class_pseudonyms_as_buttons(client):
    booking = booked_class()
    response = client.post(JOIN, {"code": spoken(booking.school_class.code)})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('name="pupil"') == 3
    assert "Grue Rapide 2</button>" in page
    assert f'value="{booking.school_class.code_display}"' in page


def test_picking_a_pseudonym_puts_the_pupil_in_the_session_then_the_town(client):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    response = client.post(JOIN, {"code": booking.school_class.code, "pupil": pupil.pk})
    assert response.status_code == 302
    # The hour starts with the two optional questions, then the town.
    assert response["Location"] == reverse("insights:survey")
    skipped = client.post(reverse("insights:survey"), {"skip": "1"})
    assert skipped["Location"] == reverse("town:town") + "?bienvenue=1"
    assert client.session[PUPIL_SESSION_KEY] == pupil.pk
    assert SeatClaim.objects.get(pupil=pupil).session_key == client.session.session_key


def test_after_minute_60_joining_leads_straight_to_the_live_exchange(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=65))
    pupil = booking.school_class.pupils.first()
    response = client.post(
        JOIN, {"code": booking.school_class.code, "pupil": pupil.pk}, follow=True
    )
    room = LiveRoom.objects.get(booking=booking)
    assert response.redirect_chain == [
        (reverse("live:class_exchange"), 302),
        (reverse("live:room", args=[room.pk]), 302),
    ]


def test_a_taken_pseudonym_is_shown_taken_and_refused_with_409(client):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    Client().post(JOIN, {"code": booking.school_class.code, "pupil": pupil.pk})

    listed = client.post(JOIN, {"code": booking.school_class.code}).content.decode()
    assert f'value="{pupil.pk}" disabled' in listed
    assert "déjà pris" in listed

    response = client.post(JOIN, {"code": booking.school_class.code, "pupil": pupil.pk})
    assert response.status_code == 409
    assert "Ce pseudonyme est déjà pris sur un autre ordinateur" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert PUPIL_SESSION_KEY not in client.session


def test_an_unknown_code_answers_400_with_an_alert(client):
    response = client.post(JOIN, {"code": "2345-6789-ABCD"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page
    assert "Ce code ne correspond à aucune classe." in page


def test_guessing_codes_ends_in_429_with_a_french_message_and_retry_after(client, clock):
    for _attempt in range(join.FREE_FAILURES_PER_ADDRESS + 1):
        assert client.post(JOIN, {"code": "2345-6789-ABCD"}).status_code == 400
    response = client.post(JOIN, {"code": "2345-6789-ABCE"})
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Trop d'essais en peu de temps. Attends 1 seconde avant de réessayer" in html.unescape(
        response.content.decode()
    )


def test_forty_pupils_behind_one_address_with_a_dozen_typos_all_get_in():
    booking = booked_class(started_ago=datetime.timedelta(minutes=5))
    code = booking.school_class.code
    entered = 0
    for pupil in range(40):
        browser = Client(REMOTE_ADDR="192.0.2.7")
        if pupil % 3 == 0 and pupil < 36:  # twelve typos, each followed by the right code
            typo = code[:-1] + ("2" if code[-1] != "2" else "3")
            assert browser.post(JOIN, {"code": typo}).status_code == 400
        response = browser.post(JOIN, {"code": code})
        entered += response.status_code == 200 and "pupil" in response.content.decode()
    assert entered == 40


def test_outside_its_slot_the_page_explains_when_the_session_is(client):
    booking = booked_class(started_ago=-datetime.timedelta(hours=3))
    response = client.post(JOIN, {"code": booking.school_class.code})
    assert response.status_code == 409
    assert "La session de ta classe a lieu le" in response.content.decode()
    assert "(heure de Paris)" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"code": ""}, {"code": "x" * 500}, {"code": "é€ø"}])
def test_nonsense_never_makes_a_500(client, data):
    assert client.post(JOIN, data).status_code == 400


def test_the_join_page_asks_for_no_name_and_no_free_text(client):
    booking = booked_class()
    page = client.post(JOIN, {"code": booking.school_class.code}).content.decode()
    main = page[page.index("<main") :]
    # The CSRF token and the code, both hidden: the pupil only presses a pseudonym's button.
    assert main.count("<input") == 2
    assert main.count('type="hidden"') == 2
    assert "<textarea" not in main


# --- the session bar and its way to the live exchange ---------------------------------------------


def test_drawing_the_session_bar_opens_no_live_room(client):
    booking = booked_class()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    page = client.get(reverse("town:town")).content.decode()
    assert "data-session-bar" in page
    assert f'data-live-url="{reverse("live:class_exchange")}"' in page
    assert not LiveRoom.objects.exists()


def test_the_session_bar_reads_the_seat_with_its_booking_then_the_passport(
    client, django_assert_num_queries, settings
):
    # As in production, the page's own visit waits in the figures' buffer (written in bulk).
    settings.INSIGHTS_FLUSH_SECONDS = 3600
    booking = booked_class()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    client.get(reverse("town:town"))  # the town's shared part is drawn, the session cached

    # The seat with its class, booking and slot, the passport's stamps, the open edition and
    # the page's shared part all come from the cache: a pupil's page reads no row.
    with django_assert_num_queries(0):
        page = client.get(reverse("town:town")).content.decode()

    assert '<p class="session-who">Grue Rapide 1</p>' in page
    assert recording.flush() == 2  # the two pages were counted, in one write
    assert list(Event.objects.values_list("visitor_kind", "page")) == [
        ("pupil", "town"),
        ("pupil", "town"),
    ]


def test_the_session_bar_shows_a_change_to_the_seat_its_slot_or_its_passport_at_once(client):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    client.cookies["sessionid"] = seated_session(pupil)
    building = BuildingFactory(edition=booking.school_class.edition)
    assert "<span data-passport-count>0</span>" in client.get(reverse("town:town")).content.decode()

    passport.stamp_for_quiz(pupil=pupil, building=building)
    page = client.get(reverse("town:town")).content.decode()
    assert f"<li>{building.name} <span>" in page
    assert "<span data-passport-count>1</span>" in page

    Pupil.objects.filter(pk=pupil.pk).update(pseudonym="Lynx Agile")  # unseen by signals…
    pupil.refresh_from_db()
    pupil.save()  # …until a save, as the teacher's pages do
    assert (
        '<p class="session-who">Lynx Agile</p>' in client.get(reverse("town:town")).content.decode()
    )

    # The organizer moves the class's slot to tomorrow: the session is not on any more.
    slot = booking.slot
    slot.starts_at += datetime.timedelta(days=1)
    slot.save()
    assert "data-session-bar" not in client.get(reverse("town:town")).content.decode()


def test_other_pupils_joining_pinging_or_being_freed_leave_a_pupil_s_seat_in_the_cache(
    client, django_assert_num_queries, settings
):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # the page's visit waits in the figures' buffer
    booking = booked_class(pupils=3)
    first, second, third = booking.school_class.pupils.order_by("pk")
    other = SchoolClassFactory(edition=booking.school_class.edition)
    client.cookies["sessionid"] = seated_session(first)
    client.get(reverse("town:town"))

    # Classmates join, ping and are freed by the teacher; another class is renamed.
    seated_session(second)
    seated_session(third)
    passport.record_presences(pings={first.pk: "", second.pk: "", third.pk: ""})
    SeatClaim.objects.filter(pupil=third).delete()
    other.name = "4e B"
    other.save()

    with django_assert_num_queries(0):
        page = client.get(reverse("town:town")).content.decode()
    assert '<p class="session-who">Grue Rapide 1</p>' in page
    assert recording.flush() == 2


def test_the_seat_read_fresh_for_a_socket_is_kept_for_the_pupil_s_next_page(
    django_assert_num_queries,
):
    booking = booked_class(pupils=2)
    pupil = booking.school_class.pupils.order_by("pk").first()
    store = SessionStore(session_key=seated_session(pupil))

    claim = join.fresh_claim(store)

    with django_assert_num_queries(0):
        shown = join.shown_claim(store)
    assert (shown.pupil_id, shown.pupil.school_class.booking.pk) == (pupil.pk, booking.pk)
    assert claim.pk == shown.pk


def test_a_seat_read_fresh_after_a_change_is_kept_under_the_new_version():
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    store = SessionStore(session_key=seated_session(pupil))
    assert join.shown_claim(store).pupil.pseudonym == "Grue Rapide 1"
    Pupil.objects.filter(pk=pupil.pk).update(pseudonym="Lynx Agile")
    pupil.refresh_from_db()
    pupil.save()  # renews the seat's version, as the teacher's pages do

    assert join.fresh_claim(store).pupil.pseudonym == "Lynx Agile"
    assert join.shown_claim(store).pupil.pseudonym == "Lynx Agile"


def test_a_browser_without_a_seat_has_no_fresh_claim():
    store = SessionStore()
    store.save()
    assert join.fresh_claim(store) is None
    assert join.fresh_claim(None) is None


def test_a_class_change_renews_the_seats_of_its_pupils_only():
    booking = booked_class(pupils=2)
    other = booked_class(pupils=1)
    pupils = [*booking.school_class.pupils.order_by("pk"), *other.school_class.pupils.all()]
    before = [join.seat_version(pupil.pk) for pupil in pupils]

    booking.school_class.save()

    after = [join.seat_version(pupil.pk) for pupil in pupils]
    assert [old != new for old, new in zip(before, after, strict=True)] == [True, True, False]
    booking.slot.save()  # the organizer changes the slot: its booked classes' seats
    assert join.seat_version(pupils[2].pk) == after[2]
    assert join.seat_version(pupils[0].pk) != after[0]


def test_the_bars_live_link_opens_the_room_of_the_pupils_class(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=60))
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    response = client.get(reverse("live:class_exchange"))
    room = LiveRoom.objects.get(booking=booking)
    assert response["Location"] == reverse("live:room", args=[room.pk])
    assert client.get(reverse("live:class_exchange"))["Location"] == response["Location"]


def test_the_live_link_sends_a_browser_without_a_seat_to_the_join_page(client):
    response = client.get(reverse("live:class_exchange"))
    assert response["Location"] == reverse("schools:join")


# --- the way in, and back to the session -----------------------------------------------------


def test_every_page_shows_visitors_the_way_into_a_class(client):
    for url in (reverse("town:town"), reverse("town:text"), reverse("login")):
        page = client.get(url).content.decode()
        assert f'<a class="pupil-way" href="{JOIN}">Rejoindre ma classe</a>' in page
        assert "Retour à ma session" not in page
        assert f'<a href="{reverse("login")}">Se connecter</a>' in page


def test_on_the_join_page_the_headers_link_is_the_current_page(client):
    page = client.get(JOIN).content.decode()
    assert f'<a class="pupil-way" href="{JOIN}" aria-current="page">' in page


def test_the_home_page_and_the_text_view_open_the_join_page(client):
    booked_class()  # an open edition
    town = client.get(reverse("town:town")).content.decode()
    text = client.get(reverse("town:text")).content.decode()
    assert f'<a class="button" href="{JOIN}">Rejoindre ma classe</a>' in town
    assert f'<a class="button" href="{JOIN}?vue=texte">Rejoindre ma classe</a>' in text


def test_a_pupil_in_session_is_shown_the_way_back_instead(client):
    booking = booked_class()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    for url in (reverse("town:text"), reverse("login"), JOIN):
        page = client.get(url).content.decode()
        assert f'<a class="pupil-way" href="{reverse("town:town")}">Retour à ma session</a>' in (
            page
        )
        assert "Rejoindre ma classe</a>" not in page
        # The adults' ways in would only lead a pupil out of the session.
        assert f'href="{reverse("login")}">Se connecter</a>' not in page
        assert "Espace enseignants</a>" not in page


def test_the_door_into_a_class_follows_the_reader_not_who_drew_the_page_first(client):
    # The town and the text view keep their shared part in a cache: a pupil in session drawing
    # it first must not take the door away from the visitors after her, nor the reverse.
    booking = booked_class()
    pupil_cookie = seated_session(booking.school_class.pupils.first())
    door = {
        reverse("town:town"): f'<a class="button" href="{JOIN}">Rejoindre ma classe</a>',
        reverse("town:text"): f'<a class="button" href="{JOIN}?vue=texte">Rejoindre ma classe</a>',
    }
    for first, then in ((pupil_cookie, None), (None, pupil_cookie)):
        cache.clear()
        versions.forget_local()
        for cookie, shown in ((first, first is None), (then, then is None)):
            client.cookies.pop("sessionid", None)
            if cookie:
                client.cookies["sessionid"] = cookie
            for url, link in door.items():
                assert (link in client.get(url).content.decode()) is shown, (url, cookie)


def test_from_minute_60_the_way_back_leads_to_the_live_exchange(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=61))
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("live:class_exchange")}">Retour à ma session</a>' in page


def test_after_the_session_a_pupil_is_a_visitor_again(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=91))
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())
    page = client.get(reverse("login")).content.decode()
    assert "Retour à ma session" not in page
    assert f'href="{JOIN}">Rejoindre ma classe</a>' in page
    assert f'<a href="{reverse("login")}">Se connecter</a>' in page


def test_a_pupil_who_joins_from_the_text_view_goes_back_to_it(client):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    picking = client.post(JOIN + "?vue=texte", {"code": booking.school_class.code})
    assert '<input type="hidden" name="vue" value="texte">' in picking.content.decode()

    response = client.post(
        JOIN, {"code": booking.school_class.code, "pupil": pupil.pk, "vue": "texte"}
    )
    assert response["Location"] == reverse("insights:survey")
    skipped = client.post(reverse("insights:survey"), {"skip": "1"})
    assert skipped["Location"] == reverse("town:text") + "?bienvenue=1"
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("town:text")}">Retour à ma session</a>' in page


def test_an_unknown_view_choice_is_the_3d_town(client):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    client.post(JOIN, {"code": booking.school_class.code, "pupil": pupil.pk, "vue": "<b>"})
    skipped = client.post(reverse("insights:survey"), {"skip": "1"})
    assert skipped["Location"] == reverse("town:town") + "?bienvenue=1"


def test_after_the_fair_a_class_session_is_closed_with_a_clear_message():
    """Archive mode: the edition is archived, its town stays open, its sessions do not."""
    booking = booked_class(started_ago=datetime.timedelta(minutes=5))
    edition = booking.school_class.edition
    edition.state = "archived"
    edition.save()
    with pytest.raises(SessionsClosed) as raised:
        join.session_open(school_class=booking.school_class)
    assert str(raised.value.message) == (
        "Le salon est terminé : les sessions de classe sont fermées. Tu peux toujours visiter "
        "la ville et revoir les conférences du Forum."
    )
    assert raised.value.status == 409
