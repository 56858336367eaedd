"""The fair's figures in a real Chromium: an organizer reads the dashboard (charts and their
tables, small counts hidden) and downloads a table as CSV; a visit to a building is counted by
the page's own counter; a pupil still on the first two questions at minute 60 is moved to the
live exchange, and answers the last two when it ends (answering before exploring: tests/insights
and the class-session tests)."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from tests.fair.factories import BuildingFactory, open_edition
from tests.insights.factories import EventFactory
from tests.schools.helpers import booked_class, seated_session
from tests.servers import process_env, uvicorn_server
from tests.users.factories import UserFactory
from usine.insights import rollup
from usine.insights.models import Event, Kind, SurveyAnswer
from usine.live.access import TEACHER, Member
from usine.live.services import broadcast, end_exchange, room_for_booking

from .conftest import build_client, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()


def test_an_organizer_reads_the_dashboard_and_downloads_a_table(page, live_server, tmp_path):
    edition = open_edition()
    port = BuildingFactory(edition=edition, name="Port de Brest")
    workshop = BuildingFactory(edition=edition, name="Atelier Martin")
    for number in range(30):
        EventFactory(kind=Kind.BUILDING, building=port, visitor=f"p{number}")
    for number in range(20):
        EventFactory(kind=Kind.BUILDING, building=workshop, visitor=f"w{number}")
    rollup.roll_up()
    UserFactory(username="orga", is_staff=True)

    _log_in(page, live_server, "orga")
    page.get_by_role("link", name="Chiffres", exact=True).click()
    page.wait_for_url(f"{live_server.url}/organisation/chiffres/{edition.slug}/")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    table = page.get_by_role("table", name="Bâtiments les plus visités")
    assert table.locator("thead th").all_inner_texts()[1:] == ["visiteurs-jours", "visites"]
    assert table.locator("tbody tr").all_inner_texts() == [
        "Port de Brest\t30\t30",
        "Atelier Martin\t20\t20",
    ]
    # The chart above draws the same rows; screen readers get the table.
    section = page.locator("section", has=page.locator("#table-batiments"))
    assert section.locator("svg.chart rect").count() == 2
    assert section.locator("svg.chart").get_attribute("aria-hidden") == "true"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger « Bâtiments les plus visités » (CSV)").click()
    download = download_info.value
    data = (tmp_path / "batiments.csv").as_posix()
    download.save_as(data)
    raw = (tmp_path / "batiments.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["", "visiteurs-jours", "visites"],
        ["Port de Brest", "30", "30"],
        ["Atelier Martin", "20", "20"],
    ]


def test_a_building_page_counts_its_visit_without_a_cookie(page, live_server):
    building = BuildingFactory(edition=open_edition(), name="Port de Brest")
    page.goto(f"{live_server.url}{building.get_absolute_url()}")
    wait_until(
        page, "performance.getEntriesByType('resource').some(e => e.name.endsWith('/api/compte'))"
    )
    deadline = timezone.now() + datetime.timedelta(seconds=10)
    while not Event.objects.filter(kind=Kind.BUILDING).exists() and timezone.now() < deadline:
        page.wait_for_timeout(100)
    event = Event.objects.get(kind=Kind.BUILDING)
    assert (event.building_id, event.visitor_kind, event.device) == (
        building.pk,
        "public",
        "tablet",
    )
    assert page.context.cookies() == []


@pytest.fixture
def asgi_server(tmp_path):
    """uvicorn serving usine.asgi (the live room's socket) on the test database."""
    env = process_env(tmp_path, settings_module="tests.schools.server_settings")
    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        yield base_url


def test_a_pupil_on_the_first_questions_is_moved_at_minute_60_and_answers_the_last(
    page, asgi_server
):
    """The first questions are a page of the hour: a pupil still on them at minute 60 goes to
    the live exchange like everywhere else; when the teacher ends it, the last two come."""
    build_client()
    booking = booked_class(started_ago=datetime.timedelta(minutes=59, seconds=40), pupils=5)
    BuildingFactory(edition=booking.school_class.edition, name="Port de Brest")
    pupil = booking.school_class.pupils.first()
    page.context.add_cookies(
        [{"name": "sessionid", "value": seated_session(pupil), "url": asgi_server}]
    )
    explore_ends = booking.slot.starts_at + datetime.timedelta(minutes=60)

    # The hour's first step (the join page leads here), with the hour's clock.
    page.goto(f"{asgi_server}/classe/questionnaire/")
    assert page.get_by_role("heading", level=1).inner_text() == "Avant la visite : deux questions"
    page.wait_for_selector("[data-session-bar][data-socket=open]")
    assert re.fullmatch(r"00:[0-3]\d", page.get_by_role("timer").inner_text())
    page.get_by_label("2", exact=True).check()

    page.wait_for_url(re.compile(r"/direct/\d+/$"), timeout=40_000)
    moved_late = (timezone.now() - explore_ends).total_seconds()
    assert moved_late < 3.0, f"moved {moved_late:.1f} s after minute 60"
    page.locator("[data-live-survey]").wait_for()
    wait_until(page, "document.querySelector('[data-live-connection]').textContent !== ''")
    room = room_for_booking(booking=booking)
    teacher = booking.school_class.teacher.user_id
    outcome = end_exchange(room_id=room.pk, member=Member(role=TEACHER, user_id=teacher))
    broadcast(outcome.events)
    page.wait_for_url(f"{asgi_server}/classe/questionnaire/")
    assert page.get_by_role("heading", level=1).inner_text() == "Après la visite : deux questions"
    page.get_by_label("4", exact=True).check()
    page.get_by_label("une fille").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("heading", name="Merci, ta session est terminée").wait_for()

    answers = list(SurveyAnswer.objects.values_list("moment", "score", "before_score", "gender"))
    assert answers == [("after", 4, None, "girl")]
    # Asked once: back in the room, no more way to the questions.
    page.goto(f"{asgi_server}/classe/direct/")
    assert page.locator("[data-live-survey]").count() == 0
