"""One subscription per process (usine/transports.py): what a service publishes from synchronous
code reaches the subscribed process once, through Redis pub/sub or the channel layer, and
nothing of a topic it did not subscribe to."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from tests.servers import redis_server
from usine import transports


@pytest.fixture(params=["layer", "redis"])
def transport_factory(request, settings, tmp_path):
    if request.param == "layer":
        settings.REDIS_URL = ""
        yield transports.transport_factory()
        return
    with redis_server(tmp_path) as url:
        settings.REDIS_URL = url
        yield transports.transport_factory()


async def test_a_publication_reaches_the_subscribed_process_once(transport_factory):
    heard = []
    arrived = asyncio.Event()

    def deliver(topic, data):
        heard.append((topic, data))
        arrived.set()

    transport = transport_factory(deliver)
    try:
        await transport.subscribe("schools.classes")
        await sync_to_async(transports.publish_from_sync)("schools.other", ["x", 1, {}])
        await sync_to_async(transports.publish_from_sync)(
            "schools.classes", ["gather", 7, {"url": "/?rassemblement=1"}]
        )
        await asyncio.wait_for(arrived.wait(), 5)
        await transport.publish("schools.classes", ["released", 7, {"pupil_id": 3}])
        for _ in range(100):
            if len(heard) == 2:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)  # nothing else comes
        assert heard == [
            ("schools.classes", ["gather", 7, {"url": "/?rassemblement=1"}]),
            ("schools.classes", ["released", 7, {"pupil_id": 3}]),
        ]
    finally:
        await transport.close()
