"""The counter's reports through the real ASGI application: anonymous ones skip the middleware
chain, reports with a session take Django's usual way, bad ones get a clear answer."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import HttpCommunicator
from django.db import connections

from tests.fair.factories import BuildingFactory, open_edition
from tests.schools.helpers import booked_class, seated_session
from usine.asgi import application
from usine.fair.models import Edition
from usine.insights import recording
from usine.insights.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

HOST = (b"host", b"localhost")
ORIGIN = (b"origin", b"http://localhost")
JSON = (b"content-type", b"application/json")
ENGLISH = (b"accept-language", b"en")
ELSEWHERE = (b"origin", b"https://evil.example")
TOO_LONG = b'{"kind": "page", "page": "' + b"x" * 2000 + b'"}'
TOWN = {"kind": "page", "page": "town"}


@pytest.fixture(autouse=True)
def close_connections():
    yield
    connections.close_all()


async def report(data, *, headers=(HOST, ORIGIN, JSON), method="POST"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    length = (b"content-length", str(len(body)).encode())
    communicator = HttpCommunicator(
        application, method, "/api/compte", body=body, headers=[*headers, length]
    )
    communicator.scope["client"] = ("203.0.113.9", 50000)
    response = await communicator.get_response()
    response["headers"] = {
        name.decode().lower(): value.decode() for name, value in response["headers"]
    }
    return response


def events():
    return sorted(Event.objects.values_list("kind", "page", "visitor_kind", "device"))


async def test_an_anonymous_report_skips_the_middleware_and_is_counted_without_address():
    building = await sync_to_async(BuildingFactory)(edition=await sync_to_async(open_edition)())
    response = await report({"kind": "building", "building": building.slug, "width": 400})
    assert (response["status"], response["body"]) == (204, b"")
    headers = response["headers"]
    assert "set-cookie" not in headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    # No middleware of the chain below security and language ran (CSP marks every answer).
    assert "content-security-policy" not in headers
    assert await sync_to_async(events)() == [
        ("building", "", "public", "phone"),
        ("page", "building", "public", "phone"),
    ]
    rows = await sync_to_async(list)(Event.objects.values())
    assert "203.0.113.9" not in json.dumps(rows, default=str)


async def test_a_report_known_to_the_process_is_answered_in_the_event_loop(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # buffered, as in production: flush() writes
    building = await sync_to_async(BuildingFactory)(edition=await sync_to_async(open_edition)())
    seen = {"kind": "building", "building": building.slug, "width": 1280}
    usual = await report(seen)  # the first reads the edition, its buildings and the salt
    quick = await report(seen)
    assert (usual["status"], quick["status"]) == (204, 204)
    # The usual way's language middleware marks its answer; the quick way has no other trace.
    assert usual["headers"].pop("content-language") == "fr"
    assert usual["headers"].pop("vary") == "Accept-Language"
    assert quick["headers"] == usual["headers"]
    assert quick["headers"]["cache-control"] == "no-store"
    assert "set-cookie" not in quick["headers"]
    assert await sync_to_async(recording.flush)() == 4
    assert await sync_to_async(events)() == [
        ("building", "", "public", "computer"),
        ("building", "", "public", "computer"),
        ("page", "building", "public", "computer"),
        ("page", "building", "public", "computer"),
    ]


async def test_a_pupils_report_takes_the_usual_way_and_counts_the_pupil():
    def pupil_in_session():
        booking = booked_class(pupils=1)
        Edition.objects.filter(pk=booking.school_class.edition_id).update(state=Edition.State.OPEN)
        recording.forget()
        return seated_session(booking.school_class.pupils.get())

    key = await sync_to_async(pupil_in_session)()
    cookie = (b"cookie", f"sessionid={key}".encode())
    response = await report({"kind": "page", "page": "town"}, headers=(HOST, ORIGIN, JSON, cookie))
    assert response["status"] == 204
    assert "content-security-policy" in response["headers"]
    assert await sync_to_async(events)() == [("page", "town", "pupil", "")]


@pytest.mark.parametrize(
    ("data", "headers", "status", "message"),
    [
        ({"kind": "click"}, (HOST, ORIGIN, JSON), 400, "Type de visite inconnu."),
        ({"kind": "click"}, (HOST, JSON, ENGLISH), 400, "Unknown kind of visit."),
        (TOWN, (HOST, ELSEWHERE, JSON), 403, None),
        (TOWN, ((b"host", b"evil.example"), JSON), 400, None),
        (TOO_LONG, (HOST, JSON), 413, "Requête trop longue."),
        (b"{", (HOST, JSON), 400, None),
    ],
)  # fmt: skip
async def test_bad_reports_get_a_clear_answer_and_count_nothing(data, headers, status, message):
    await sync_to_async(open_edition)()
    response = await report(data, headers=headers)
    assert response["status"] == status
    if message is not None:
        assert json.loads(response["body"]) == {"error": message}
    assert await sync_to_async(events)() == []


async def test_other_methods_are_djangos():
    response = await report(b"", headers=(HOST,), method="GET")
    assert response["status"] == 405
