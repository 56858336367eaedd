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
