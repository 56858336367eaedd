import pytest

from usine.checks import redis_has_a_password


@pytest.mark.parametrize(
    "url",
    [
        "redis://10.0.0.10:6379/0",
        "redis://:CHANGEME@10.0.0.10:6379/0",
        "rediss://redis.salon.example.org:6380/0",
    ],
)
def test_a_shared_redis_without_its_password_is_warned(settings, url):
    settings.REDIS_URL = url

    (warning,) = redis_has_a_password(None)

    assert warning.id == "usine.W002"
    assert warning.msg == "REDIS_URL names a Redis on the network without its password."


@pytest.mark.parametrize(
    "url",
    [
        "",
        "unix:///var/lib/usine/redis/redis.sock",
        "redis://127.0.0.1:6379/0",
        "redis://localhost:6379/0",
        "redis://[::1]:6379/0",
        "redis://:0f3c9a1b2c3d4e5f60718293a4b5c6d7@10.0.0.10:6379/0",
    ],
)
def test_redis_on_this_host_or_with_a_password_passes(settings, url):
    settings.REDIS_URL = url

    assert redis_has_a_password(None) == []
