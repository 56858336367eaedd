import gzip
import json

import pytest
from asgiref.sync import AsyncToSync, SyncToAsync, iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler

from tests.fair.factories import BuildingFactory
from tests.users.factories import UserFactory
from usine.request_threads import PooledThreadsHandler


def chain_of(handler) -> list[str]:
    """What a request goes through, top to bottom: the middleware, and the adapters between
    a thread and the event loop (each one a hop)."""
    found, step = [], handler._middleware_chain
    while step is not None:
        if isinstance(step, SyncToAsync | AsyncToSync):
            found.append(type(step).__name__)
            step = getattr(step, "func", None) or getattr(step, "awaitable", None)
        elif hasattr(step, "__wrapped__"):  # convert_exception_to_response's wrapper
            step = step.__wrapped__
        elif hasattr(step, "get_response"):
            found.append(type(step).__name__ + (" (async)" if iscoroutinefunction(step) else ""))
            step = step.get_response
        else:
            found.append(getattr(step, "__name__", type(step).__name__))
            break
    return found


def test_a_request_runs_the_whole_chain_and_the_view_in_its_thread_without_a_hop():
    chain = chain_of(PooledThreadsHandler())

    assert chain[-1] == "_get_response"  # the synchronous end: it calls the view itself
    assert "SecurityMiddleware" in chain
    assert not [step for step in chain if "async" in step.lower() or "Sync" in step]


def test_django_s_own_asgi_chain_would_hop():
    # What the handler above avoids: Django builds the chain for the event loop.
    assert chain_of(ASGIHandler())[-1] == "_get_response_async"


@pytest.mark.django_db
def test_pages_for_a_signed_in_account_are_private(client):
    client.force_login(UserFactory())

    response = client.get("/ville/texte/")

    assert response["Cache-Control"] == "private"


@pytest.mark.django_db
def test_anonymous_pages_are_not_marked_private(client):
    response = client.get("/ville/texte/")

    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_a_public_answer_stays_public_for_a_signed_in_account(client):
    client.force_login(UserFactory())

    BuildingFactory()

    response = client.get("/api/town")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_pages_are_gzipped_at_the_fastest_level_with_a_random_name(client):
    BuildingFactory()
    plain = client.get("/ville/texte/")

    answers = [client.get("/ville/texte/", HTTP_ACCEPT_ENCODING="gzip, br") for _ in range(8)]

    first = answers[0]
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    assert gzip.decompress(first.content) == plain.content
    assert int(first["Content-Length"]) == len(first.content) < len(plain.content)
    assert first.content[3] == gzip.FNAME
    assert first.content[8] == 4  # XFL: "fastest", level 1 (Django's level 6 writes 0)
    assert len({len(answer.content) for answer in answers}) > 1  # the name's length varies


@pytest.mark.django_db
def test_a_gzipped_answer_has_a_weak_etag_and_small_answers_stay_plain(client):
    BuildingFactory()

    town = client.get("/api/town", HTTP_ACCEPT_ENCODING="gzip")
    health = client.get("/healthz", HTTP_ACCEPT_ENCODING="gzip")

    assert town["Content-Encoding"] == "gzip"
    assert town["ETag"].startswith('W/"')
    assert json.loads(gzip.decompress(town.content))["buildings"][0]["slug"]
    assert not health.has_header("Content-Encoding")
