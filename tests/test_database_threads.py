"""The sockets' database threads (usine/database_threads.py): what a call sets up in its
context (Django's asgiref Locals: caches, URL resolvers, translations) is not copied back into
the caller's, where a socket would hold it for as long as it is open."""

import asyncio
import gc
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext

from usine.database_threads import on_database_threads

SOCKETS = 200


def socket_call() -> str:
    """What a socket's call touches: a query, the cache, a URL, a translation."""
    get_user_model().objects.filter(pk=0).exists()
    cache.get("database-threads-test")
    return reverse("healthz") + gettext("Action inconnue.")


async def held_sockets(*, call: bool) -> int:
    """Bytes held by SOCKETS tasks that each stay open (as a socket's task does), having made
    one database call each or none."""
    gone = asyncio.Event()
    opened = asyncio.Semaphore(0)

    async def socket():
        if call:
            assert await on_database_threads(socket_call)() == "/healthz" + "Action inconnue."
        else:
            await asyncio.sleep(0)
        opened.release()
        await gone.wait()

    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.ensure_future(socket()) for _ in range(SOCKETS)]
    for _ in tasks:
        await opened.acquire()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    gone.set()
    await asyncio.gather(*tasks)
    return held


@pytest.mark.django_db(transaction=True)
async def test_a_socket_holds_nothing_of_its_database_calls():
    await on_database_threads(socket_call)()  # warm: imports, the URL resolver, the catalog
    tracemalloc.start()
    try:
        idle = await held_sockets(call=False)
        called = await held_sockets(call=True)
    finally:
        tracemalloc.stop()
    # asgiref copying the Locals' storage back cost ≈ 6 KB a socket; a call's own leftovers
    # (the executor's work items are gone once done) stay well under 500 bytes.
    per_socket = (called - idle) / SOCKETS
    assert per_socket < 500, f"{per_socket:.0f} bytes a socket"
