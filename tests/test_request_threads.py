"""Django's ASGI handler on threads kept between requests (usine/request_threads.py): a request
after another reuses its thread, requests at once each have one, a burst's extra threads end,
and each request's database connection is still closed at its end."""

import asyncio
import json
import threading

import pytest
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path

from usine.request_threads import PooledThreadsHandler, RequestThreads

both_in = threading.Barrier(2, timeout=5)
seen = {}


def on_thread(request):
    thread = threading.current_thread()
    return JsonResponse({"ident": thread.ident, "name": thread.name})


def together(request):
    both_in.wait()  # a second request waiting for this thread would never get here
    return on_thread(request)


def with_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    seen["connection"] = connection
    return HttpResponse("ok")


urlpatterns = [
    path("thread/", on_thread),
    path("together/", together),
    path("query/", with_query),
]


@pytest.fixture
def handler(settings):
    settings.ROOT_URLCONF = __name__
    return PooledThreadsHandler()


async def get(handler, url: str) -> tuple[int, bytes]:
    """One GET through the handler as uvicorn sends it; (status, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    requested = False
    never = asyncio.Event()
    sent = []

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await never.wait()  # the client stays until the answer is sent

    async def send(message):
        sent.append(message)

    await handler(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


async def test_a_request_after_another_runs_on_its_thread(handler):
    first_status, first = await get(handler, "/thread/")
    second_status, second = await get(handler, "/thread/")

    assert (first_status, second_status) == (200, 200)
    assert json.loads(first)["ident"] == json.loads(second)["ident"]
    assert json.loads(first)["name"].startswith("request_")
    assert len(handler.threads.idle) == 1


async def test_requests_at_once_each_have_a_thread(handler):
    both_in.reset()
    answers = await asyncio.gather(get(handler, "/together/"), get(handler, "/together/"))

    assert [status for status, _body in answers] == [200, 200]
    idents = {json.loads(body)["ident"] for _status, body in answers}
    assert len(idents) == 2
    assert len(handler.threads.idle) == 2


@pytest.mark.django_db(transaction=True)
async def test_a_request_closes_its_database_connection_at_its_end(handler):
    seen.clear()

    status, body = await get(handler, "/query/")

    assert (status, body) == (200, b"ok")
    assert seen["connection"].connection is None


def test_threads_past_the_idle_ones_kept_end():
    threads = RequestThreads(keep=2)
    taken = [threads.take() for _ in range(3)]
    for executor in taken:
        executor.submit(int).result()  # each starts its thread
    workers = [next(iter(executor._threads)) for executor in taken]

    for executor in taken:
        threads.give_back(executor)

    assert threads.idle == taken[:2]
    workers[2].join(5)
    assert [worker.is_alive() for worker in workers] == [True, True, False]
    assert threads.take() is taken[1]  # the most recently used first
    for executor in taken[:2]:
        executor.shutdown()
