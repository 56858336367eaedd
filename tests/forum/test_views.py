import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from icalendar import Calendar

from tests.fair.factories import EditionFactory
from tests.forum.factories import SpeakerFactory, StageFactory, TalkFactory
from tests.schools.helpers import booked_class, seated_session
from usine.fair.models import Edition
from usine.forum.models import TalkSpeaker
from usine.forum.services import set_talk_state

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 11, 28)


def at(hour, minute=0):
    # 09:00 UTC is 10:00 in Paris in November.
    return datetime.datetime.combine(DAY, datetime.time(hour, minute), tzinfo=datetime.UTC)


@pytest.fixture
def programme():
    edition = EditionFactory(
        starts_on=DAY - datetime.timedelta(days=4), ends_on=DAY, state=Edition.State.OPEN
    )
    main = StageFactory(edition=edition, name="Grand amphithéâtre", slug="grand", order=0)
    side = StageFactory(edition=edition, name="Salle Jules Verne", slug="verne", order=1)
    minister = SpeakerFactory(
        edition=edition, name="Claire Dubois", role="Ministre de l'Industrie", company=""
    )
    minister.photo.save("portrait.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    minister.photo_alt = "Claire Dubois souriant devant une ligne d'assemblage"
    minister.save()
    host = SpeakerFactory(edition=edition, name="Malik Benali", role="Journaliste", company="")
    opening = TalkFactory(
        edition=edition,
        stage=main,
        title="Ouverture du Forum",
        slug="ouverture",
        abstract="Pourquoi l'industrie recrute.",
        starts_at=at(8),
        ends_at=at(8, 30),
        speakers=[minister],
    )
    TalkSpeaker.objects.create(talk=opening, speaker=host, position=1, part="moderator")
    table = TalkFactory(
        edition=edition,
        stage=side,
        title="Les femmes dans l'industrie",
        slug="femmes-industrie",
        kind="round_table",
        starts_at=at(9),
        ends_at=at(10),
    )
    return {"edition": edition, "opening": opening, "table": table}


def test_the_programme_shows_each_day_with_its_stages_in_order(client, programme):
    response = client.get("/forum/")
    assert response.status_code == 200
    [day] = response.context["days"]
    assert day.day == DAY
    assert [(stage.name, [t.title for t in talks]) for stage, talks in day.stages] == [
        ("Grand amphithéâtre", ["Ouverture du Forum"]),
        ("Salle Jules Verne", ["Les femmes dans l'industrie"]),
    ]
    page = response.content.decode()
    assert "Vendredi 28 novembre 2031" in page
    assert "09:00</time>\u2013<time" in page  # Paris time
    assert "Claire Dubois, Ministre de l&#x27;Industrie" in page
    assert "Malik Benali, Journaliste (animation)" in page
    assert 'href="/forum/jour/2031-11-28.ics"' in page


def test_the_programme_in_english(client, programme):
    page = client.get("/forum/", headers={"Accept-Language": "en"}).content.decode()
    assert "Friday 28 November 2031" in page
    assert "Add the whole day to my calendar (.ics)" in page
    assert "round table" in page.lower()


def test_a_talk_page_shows_its_speakers_with_their_photo_described(client, programme):
    response = client.get("/forum/ouverture/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 id="talk-title">Ouverture du Forum</h1>' in page
    assert "Pourquoi l&#x27;industrie recrute." in page
    assert 'alt="Claire Dubois souriant devant une ligne d&#x27;assemblage"' in page
    assert "Vendredi 28 novembre 2031, 09:00</time>\u2013<time" in page
    assert "À venir" in page
    assert 'href="/forum/ouverture/agenda.ics"' in page
    # The places the stream and the questions fill.
    assert 'class="talk-player"' in page


def test_a_talk_on_air_says_so_on_its_page_and_in_the_programme(client, programme):
    set_talk_state(talk=programme["opening"], state="live")
    assert "En direct" in client.get("/forum/ouverture/").content.decode()
    programme_page = client.get("/forum/").content.decode()
    assert 'class="talk-entry is-live"' in programme_page


def test_a_talk_of_another_edition_is_not_found(client, programme):
    other = EditionFactory(state=Edition.State.DRAFT)
    TalkFactory(edition=other, slug="brouillon")
    assert client.get("/forum/brouillon/").status_code == 404
    assert client.get("/forum/brouillon/agenda.ics").status_code == 404


def test_a_talks_calendar_holds_it_on_the_fairs_clock(client, programme):
    response = client.get("/forum/ouverture/agenda.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="forum-ouverture.ics"'
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Forum — Ouverture du Forum"
    assert event.decoded("DTSTART") == at(8)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Paris"
    assert event.decoded("DTEND") == at(8, 30)
    assert str(event["URL"]).endswith("/forum/ouverture/")
    assert "Avec Claire Dubois (Ministre de l'Industrie), Malik Benali (Journaliste)." in str(
        event["DESCRIPTION"]
    )
    assert str(event["LOCATION"]) == "Forum, Grand amphithéâtre (en ligne)"
    assert len(event.walk("VALARM")) == 2
    assert calendar.walk("VTIMEZONE")


def test_a_days_calendar_holds_all_its_talks(client, programme):
    response = client.get("/forum/jour/2031-11-28.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Forum — Ouverture du Forum",
        "Forum — Les femmes dans l'industrie",
    ]


@pytest.mark.parametrize("day", ["2031-11-27", "pas-une-date", "2031-13-45", "9" * 300])
def test_a_day_without_talks_or_no_day_at_all_is_not_found(client, programme, day):
    assert client.get(f"/forum/jour/{day}.ics").status_code == 404


def test_the_programme_without_an_edition_says_so(client):
    page = client.get("/forum/").content.decode()
    assert "Aucune édition du salon n'est ouverte pour le moment." in page


def test_after_the_fair_the_forum_stays_open(client, programme):
    """Archive mode: the archived edition's programme and talks are still there."""
    edition = programme["edition"]
    edition.state = Edition.State.ARCHIVED
    edition.save()
    assert client.get("/forum/ouverture/").status_code == 200
    assert "Ouverture du Forum" in client.get("/forum/").content.decode()


def test_the_on_air_piece_says_what_is_live_and_what_comes_next(client, programme):
    set_talk_state(talk=programme["opening"], state="live")
    page = client.get("/forum/maintenant.html").content.decode()
    assert '<a href="/forum/ouverture/">Ouverture du Forum</a>' in page
    assert "Le vendredi 28 novembre à 10:00 :" in page
    assert '<a href="/forum/femmes-industrie/">Les femmes dans l&#x27;industrie</a>' in page


def test_a_pupil_in_session_keeps_the_hours_clock_on_the_forum(client):
    """Watching a talk during the class hour: the session bar, its time left and the move to
    the live exchange at minute 60, as on the town's pages."""
    booking = booked_class(pupils=1)
    talk = TalkFactory(edition=booking.school_class.edition)
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.get())
    for url in (reverse("forum:programme"), talk.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f'data-ws-url="/ws/classe/{booking.pk}/"' in page, url
