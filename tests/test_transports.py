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


async def test_a_burst_of_publications_from_many_sockets_is_heard_whole_on_a_few_connections(
    settings, tmp_path
):
    """500 sockets of one process publish in the same instant (with a connection each, redis-py's
    default pool refused all but 100 with "Too many connections"): every publication is heard
    once, in order, sent on one connection."""
    import redis.asyncio as redis

    heard = []
    with redis_server(tmp_path) as url:
        settings.REDIS_URL = url
        factory = transports.transport_factory()
        listener = factory(lambda topic, data: heard.append(data[0]))
        publisher = factory(lambda topic, data: None)
        observer = redis.from_url(url)
        try:
            await listener.subscribe("live.room.1")
            await asyncio.gather(*(publisher.publish("live.room.1", [n]) for n in range(500)))
            clients = len(await observer.client_list())
            for _ in range(250):
                if len(heard) >= 500:
                    break
                await asyncio.sleep(0.02)
            assert heard == list(range(500))
            # The publisher's one, the listener's subscription and this observer's.
            assert clients == 3
        finally:
            await listener.close()
            await publisher.close()
            await observer.aclose()


async def test_publications_redis_cannot_take_raise_for_the_caller_to_read_them_again(
    settings, tmp_path
):
    """Redis out of reach: every publication waiting raises a connection error (the live room
    hub then logs it and the other processes read the events from the database)."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.REDIS_URL = f"unix://{tmp_path}/nobody.sock"
    transport = transports.transport_factory()(lambda topic, data: None)
    try:
        outcomes = await asyncio.gather(
            *(transport.publish("live.room.1", [n]) for n in range(3)), return_exceptions=True
        )
        assert [type(outcome) for outcome in outcomes] == [RedisConnectionError] * 3
    finally:
        await transport.close()
