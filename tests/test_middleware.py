import gzip
import json

import pytest
from asgiref.sync import AsyncToSync, SyncToAsync, iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler

from tests.fair.factories import BuildingFactory
from tests.users.factories import UserFactory


def async_middleware(chain) -> list[str]:
    """The middleware that Django runs in async mode, walking down the ASGI chain."""
    found, handler = [], chain
    while handler is not None:
        if isinstance(handler, SyncToAsync | AsyncToSync):
            handler = getattr(handler, "func", None) or getattr(handler, "awaitable", None)
        elif hasattr(handler, "__wrapped__"):  # convert_exception_to_response's wrapper
            handler = handler.__wrapped__
        elif hasattr(handler, "get_response"):
            if iscoroutinefunction(handler):
                found.append(type(handler).__name__)
            handler = handler.get_response
        else:
            break
    return found


def test_no_middleware_runs_in_async_mode():
    # A MiddlewareMixin in async mode hops to the sync thread and back for each of its hooks.
    assert async_middleware(ASGIHandler()._middleware_chain) == []


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
