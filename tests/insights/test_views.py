import csv
import datetime
import html
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.exhibits.factories import (
    ExhibitorFactory,
    JobProfileFactory,
    TestimonialFactory,
    TradeFactory,
)
from tests.fair.factories import BuildingFactory, open_edition
from tests.forum.factories import TalkFactory
from tests.insights.factories import EventFactory
from tests.media.factories import VideoFactory
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory
from usine.exhibits.models import Testimonial
from usine.fair.models import Edition
from usine.insights import figures, rollup
from usine.insights.models import DailyCount, Event, Kind, SurveyAnswer, SurveyTaken

pytestmark = pytest.mark.django_db

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


def _beacon(client, data, **extra):
    return client.post(
        reverse("insights:count"), json.dumps(data), content_type="application/json", **extra
    )


def test_an_anonymous_visit_is_counted_without_cookie_or_address(client):
    building = BuildingFactory(edition=open_edition())
    response = _beacon(
        client,
        {"kind": "building", "building": building.slug, "width": 1280},
        REMOTE_ADDR="203.0.113.9",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 204
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"]
    kinds = sorted(Event.objects.values_list("kind", "page", "device"))
    assert kinds == [("building", "", "computer"), ("page", "building", "computer")]
    # No field of any stored event holds the address, or anything but a day hash of it.
    for row in Event.objects.values():
        assert "203.0.113.9" not in json.dumps(row, default=str)


@pytest.mark.parametrize("path", ["town:town", "town:text"])
def test_visitor_pages_set_no_cookie_and_carry_the_counter(client, path):
    BuildingFactory(edition=open_edition())
    response = client.get(reverse(path), REMOTE_ADDR="203.0.113.9")
    assert response.cookies == {}
    assert b'src="/static/insights/count.js"' in response.content


def test_the_building_page_sets_no_cookie_and_says_how_many_women(client):
    edition = open_edition()
    building = BuildingFactory(edition=edition)
    TestimonialFactory(company=building.company, published=True)
    response = client.get(building.get_absolute_url())
    assert response.cookies == {}
    assert b'data-kind="building"' in response.content


def test_a_pupils_building_page_counts_itself_and_its_counter_does_not_report_it(client):
    """A page with a session is never front-cached: it counts its own visit as it is rendered,
    one request instead of two (the page, then the counter's report)."""
    booking = booked_class(pupils=1)
    Edition.objects.filter(pk=booking.school_class.edition_id).update(state=Edition.State.OPEN)
    building = BuildingFactory(edition=booking.school_class.edition)
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(booking.school_class.pupils.get())
    response = client.get(building.get_absolute_url(), HTTP_USER_AGENT=IPHONE)
    assert response.status_code == 200
    assert (
        b'data-kind="building" data-page="" data-building="%s" data-counted>'
        % (building.slug.encode())
        in response.content
    )
    assert sorted(
        Event.objects.values_list("kind", "page", "building", "visitor_kind", "level", "device")
    ) == [
        ("building", "", building.pk, "pupil", "3e", "phone"),
        ("page", "building", None, "pupil", "3e", "phone"),
    ]


def test_an_anonymous_page_counts_nothing_itself_and_is_the_same_for_everyone(client):
    """Anonymous pages come from the front cache: only their counter's report counts them."""
    building = BuildingFactory(edition=open_edition())
    first = client.get(building.get_absolute_url(), HTTP_USER_AGENT=IPHONE)
    assert b"data-counted" not in first.content
    assert client.get(reverse("town:text")).status_code == 200
    assert Event.objects.count() == 0


def test_a_host_that_counts_nothing_has_no_counter_and_no_event(client, settings):
    settings.INSIGHTS_COUNTING = False
    booking = booked_class(pupils=1)
    Edition.objects.filter(pk=booking.school_class.edition_id).update(state=Edition.State.OPEN)
    building = BuildingFactory(edition=booking.school_class.edition)
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(booking.school_class.pupils.get())
    assert b"count.js" not in client.get(building.get_absolute_url()).content
    assert _beacon(client, {"kind": "page", "page": "town"}).status_code == 204
    assert Event.objects.count() == 0


def test_a_forum_talk_page_sets_no_cookie_and_carries_the_counter(client):
    talk = TalkFactory()
    response = client.get(talk.get_absolute_url())
    assert response.cookies == {}
    assert b'data-page="forum"' in response.content


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "building", "building": "nowhere"},
        {"kind": "page", "page": "admin"},
        {"kind": "testimonial", "testimonial": 999999, "share": 50},
        {"kind": "click"},
        {"kind": "forum", "talk": "nowhere", "replay": False, "seconds": 0},
        {"kind": "forum", "talk": "ouverture", "replay": "yes", "seconds": 0},
        {"kind": "forum", "talk": "ouverture", "replay": True, "seconds": "1h"},
        [1, 2],
    ],
)
def test_bad_counts_get_a_clear_400(client, data):
    BuildingFactory(edition=open_edition())
    TalkFactory(slug="ouverture")
    response = _beacon(client, data)
    assert response.status_code == 400
    assert "error" in response.json()
    assert Event.objects.count() == 0


def test_another_site_cannot_count(client):
    open_edition()
    response = _beacon(client, {"kind": "page", "page": "town"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403


def test_a_testimonial_played_is_counted_with_its_share(client):
    edition = open_edition()
    building = BuildingFactory(edition=edition)
    testimonial = TestimonialFactory(company=building.company, published=True, video=VideoFactory())
    _beacon(client, {"kind": "testimonial", "testimonial": testimonial.pk, "share": 140})
    event = Event.objects.get()
    assert (event.kind, event.building, event.testimonial, event.amount) == (
        "testimonial",
        building,
        testimonial,
        100,
    )


def test_a_forum_player_is_counted_when_it_starts_then_with_the_time_watched(client):
    talk = TalkFactory(slug="ouverture")
    for data in [
        {"kind": "forum", "talk": "ouverture", "replay": False, "seconds": 0},
        {"kind": "forum", "talk": "ouverture", "replay": False, "seconds": 95.4},
        {"kind": "forum", "talk": "ouverture", "replay": True, "seconds": 10**9},
    ]:
        assert _beacon(client, data, HTTP_ORIGIN="http://testserver").status_code == 204
    assert list(Event.objects.order_by("pk").values_list("kind", "page", "amount")) == [
        ("forum", talk.slug, 0),
        ("forum", talk.slug, 95),
        ("replay", talk.slug, 4 * 3600),
    ]


def test_the_forum_audience_counts_spectators_live_and_on_replay():
    talk = TalkFactory(title="Ouverture")
    table_ronde = TalkFactory(title="Table ronde")
    quiet = TalkFactory(title="Clôture")
    for number in range(12):  # each started (0 s), then reported its time
        EventFactory(kind=Kind.FORUM, page=talk.slug, visitor=f"a{number}", amount=0)
        EventFactory(kind=Kind.FORUM, page=talk.slug, visitor=f"a{number}", amount=600)
    for number in range(11):
        EventFactory(kind=Kind.FORUM, page=table_ronde.slug, visitor=f"t{number}")
    for number in range(10):
        EventFactory(kind=Kind.REPLAY, page=talk.slug, visitor=f"r{number}")
        EventFactory(kind=Kind.REPLAY, page=table_ronde.slug, visitor=f"s{number}", amount=300)
    for number in range(3):
        EventFactory(kind=Kind.FORUM, page=quiet.slug, visitor=f"q{number}", amount=60)
    rollup.roll_up()
    table = figures.forum(talk.edition)
    # Clôture's 3 are hidden, and in each column the smallest other count with them: its
    # difference from a total would give them away.
    assert [(row.label, [cell.text for cell in row.cells]) for row in table.rows] == [
        ("Ouverture", ["12", "< 10", "10,0", "< 10"]),
        ("Table ronde", ["< 10", "10", "< 10", "5,0"]),
        ("Clôture", ["< 10", "< 10", "< 10", "< 10"]),
    ]


def _organizer(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


def _visits(building, count, kind=Kind.BUILDING, **facts):
    for number in range(count):
        EventFactory(
            edition=building.edition,
            kind=kind,
            building=building,
            visitor=f"{building.pk}-{number}",
            **facts,
        )


def test_the_organizer_dashboard_hides_small_counts_and_their_complement(client):
    edition = open_edition()
    big, small, middle = (BuildingFactory(edition=edition) for _ in range(3))
    _visits(big, 40)
    _visits(small, 3)
    _visits(middle, 12)
    rollup.roll_up()
    _organizer(client)
    response = client.get(reverse("insights:organizer", kwargs={"slug": edition.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="60">' in page
    assert f'<th scope="row">{big.name}</th><td>40</td>' in page
    assert f'<th scope="row">{small.name}</th><td>&lt; 10</td>' in page
    # 40 + 12 + 3 = 55: with 12 shown, 55 - 40 - 12 would give the 3.
    assert f'<th scope="row">{middle.name}</th><td>&lt; 10</td>' in page


def test_the_csv_export_opens_in_french_excel_and_keeps_the_rule(client):
    edition = open_edition()
    big, small = BuildingFactory(edition=edition), BuildingFactory(edition=edition)
    _visits(big, 25)
    _visits(small, 2)
    rollup.roll_up()
    _organizer(client)
    response = client.get(
        reverse("insights:organizer_csv", kwargs={"slug": edition.slug, "key": "batiments"})
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="usine-' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    # 27 from the fair's totals elsewhere, minus a shown 25, would give the 2: both go.
    assert rows == [
        ["", "visiteurs-jours", "visites"],
        [big.name, "< 10", "< 10"],
        [small.name, "< 10", "< 10"],
    ]


def test_quizzes_trades_and_jobs_are_named_in_the_readers_language_in_page_and_csv(client):
    edition = open_edition()
    port = BuildingFactory(edition=edition, name="Port de Brest")
    forge = BuildingFactory(edition=edition, name="Forges de l'Adour")
    welder = TradeFactory(name="Soudeur·se sous-marin·e", name_en="Underwater welder")
    testimonial = TestimonialFactory(
        company=forge.company,
        first_name="Inès",
        job=JobProfileFactory(company=forge.company, trade=welder),
        job_label="Soudeuse",
    )
    _visits(port, 14, kind=Kind.QUIZ, amount=3)
    _visits(forge, 11, kind=Kind.QUIZ, page="Ancien nom des Forges")  # recorded before a rename
    _visits(forge, 12, kind=Kind.TESTIMONIAL, trade=welder, testimonial=testimonial, amount=50)
    rollup.roll_up()
    _organizer(client)

    def csv_rows(key, language):
        url = reverse("insights:organizer_csv", kwargs={"slug": edition.slug, "key": key})
        body = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body), delimiter=";"))

    assert csv_rows("quiz", "fr") == [
        ["", "joueurs-jours", "parties"],
        ["Port de Brest", "14", "14"],
        ["Forges de l'Adour", "11", "11"],
    ]
    assert csv_rows("metiers", "fr")[1] == ["Soudeur·se sous-marin·e", "12", "12"]
    assert csv_rows("metiers", "en")[1] == ["Underwater welder", "12", "12"]
    assert csv_rows("temoignages", "fr")[1][0] == "Inès, Soudeuse (Forges de l'Adour)"
    assert csv_rows("temoignages", "en")[1][0] == "Inès, Underwater welder (Forges de l'Adour)"
    page = client.get(reverse("insights:organizer", kwargs={"slug": edition.slug})).content
    assert '<th scope="row">Port de Brest</th><td>14</td>' in page.decode()


def test_the_dashboards_are_kept_to_their_people(client):
    edition = open_edition()
    client.force_login(UserFactory())
    assert (
        client.get(reverse("insights:organizer", kwargs={"slug": edition.slug})).status_code == 403
    )
    assert client.get(reverse("insights:exhibitor")).status_code == 403
    assert client.get(reverse("insights:teacher")).status_code == 404


def test_an_exhibitor_sees_their_building_against_the_median(client):
    edition = open_edition()
    exhibitor = ExhibitorFactory()
    mine = BuildingFactory(edition=edition, company=exhibitor.company)
    others = [BuildingFactory(edition=edition) for _ in range(3)]
    _visits(mine, 30)
    for building, count in zip(others, (10, 20, 50), strict=True):
        _visits(building, count)
    rollup.roll_up()
    client.force_login(exhibitor.user)
    page = client.get(reverse("insights:exhibitor")).content.decode()
    assert '<th scope="row">visiteurs-jours du bâtiment</th><td>30</td><td>25</td>' in page


@pytest.mark.parametrize(
    ("language", "women", "men", "sentence"),
    [
        ("fr", 0, 1, "0 témoignage publié sur 1 est celui d'une femme."),
        ("fr", 1, 1, "1 témoignage publié sur 2 est celui d'une femme."),
        ("fr", 2, 1, "2 témoignages publiés sur 3 sont ceux de femmes."),
        ("en", 0, 1, "0 published testimonials out of 1 are by women."),
        ("en", 1, 1, "1 published testimonial out of 2 is by a woman."),
        ("en", 2, 1, "2 published testimonials out of 3 are by women."),
    ],
)
def test_an_exhibitor_reads_how_many_of_its_testimonials_are_womens(
    client, language, women, men, sentence
):
    edition = open_edition()
    exhibitor = ExhibitorFactory()
    BuildingFactory(edition=edition, company=exhibitor.company)
    for gender, count in ((Testimonial.Gender.WOMAN, women), (Testimonial.Gender.MAN, men)):
        for _ in range(count):
            TestimonialFactory(
                company=exhibitor.company, published=True, gender=gender, video=VideoFactory()
            )
    client.force_login(exhibitor.user)
    page = client.get(reverse("insights:exhibitor"), headers={"Accept-Language": language})
    assert f"<p>{sentence}" in html.unescape(page.content.decode())


def test_the_survey_before_and_after_the_hour(client):
    booking = booked_class(pupils=12)
    pupil = booking.school_class.pupils.first()
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    url = reverse("insights:survey")

    page = client.get(url)
    assert "Avant la visite" in page.content.decode()
    response = client.post(url, {"score": "2", "gender": "girl"})
    assert response["Location"] == reverse("town:town") + "?bienvenue=1"
    assert client.get(url)["Location"] == reverse("town:town") + "?bienvenue=1"  # once only

    slot = booking.slot
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=65)
    slot.save()
    room = client.get(reverse("live:class_exchange"), follow=True).content.decode()
    assert f'data-live-survey><a href="{url}">' in room
    assert "Après la visite" in client.get(url).content.decode()
    assert client.post(url, {"score": "4", "gender": "girl"})["Location"] == url
    assert "Merci, ta session est terminée" in client.get(url).content.decode()
    room = client.get(reverse("live:class_exchange"), follow=True).content.decode()
    assert "data-live-survey" not in room

    before, after = SurveyAnswer.objects.order_by("moment").reverse()
    assert (after.moment, after.score, after.before_score, after.gender) == ("after", 4, 2, "girl")
    assert (before.moment, before.score, before.before_score) == ("before", 2, None)
    assert SurveyTaken.objects.filter(pupil=pupil).count() == 2
    assert not hasattr(SurveyAnswer, "pupil")


def test_the_first_questions_carry_the_session_bar_and_the_last_do_not(client):
    booking = booked_class(pupils=1)
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(booking.school_class.pupils.get())
    url = reverse("insights:survey")
    page = client.get(url).content.decode()
    # The clock of the hour and its socket, which moves the pupil at minute 60.
    assert f'data-ws-url="/ws/classe/{booking.pk}/"' in page
    assert '<input type="hidden" name="moment" value="before">' in page

    slot = booking.slot
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=65)
    slot.save()
    page = client.get(url).content.decode()
    # The exchange is on: a bar here would send the pupil back to the room at once.
    assert "Après la visite" in page
    assert "data-session-bar" not in page
    assert '<input type="hidden" name="moment" value="after">' in page


def test_first_answers_sent_after_minute_60_stay_before_and_lead_to_the_exchange(client):
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    url = reverse("insights:survey")
    client.get(url)  # the page drawn during the hour…
    slot = booking.slot
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=61)
    slot.save()
    # …sent once it is over (no script to move the pupil, or a slow click).
    response = client.post(url, {"moment": "before", "score": "3"})
    assert response["Location"] == reverse("live:class_exchange")
    assert list(SurveyAnswer.objects.values_list("moment", "score")) == [("before", 3)]
    assert "Après la visite" in client.get(url).content.decode()
    assert client.post(url, {"moment": "after", "score": "5"})["Location"] == url
    assert sorted(SurveyAnswer.objects.values_list("moment", "score", "before_score")) == [
        ("after", 5, 3),
        ("before", 3, None),
    ]


def test_the_survey_is_closed_to_anyone_not_in_a_session(client):
    open_edition()
    assert client.get(reverse("insights:survey")).status_code == 403


def test_a_live_question_is_counted_once_committed(django_capture_on_commit_callbacks):
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.first()
    from usine.live import questions
    from usine.live.access import Member
    from usine.live.services import room_for_booking

    room = room_for_booking(booking=booking)
    with django_capture_on_commit_callbacks() as callbacks:
        questions.ask(room_id=room.pk, member=Member("pupil", pupil_id=pupil.pk), text="Salaire ?")
    assert not Event.objects.exists()
    for callback in callbacks:
        callback()
    assert list(Event.objects.values_list("kind", "visitor_kind")) == [("question", "pupil")]
    rollup.roll_up()
    assert DailyCount.objects.get().kind == "question"
