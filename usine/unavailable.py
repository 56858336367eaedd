"""Whether an error says a service the fair leans on is out of reach (the database, Redis:
restarting, a network cut, the pool empty). Not a bug of ours, and it comes back by itself:
pages answer a 503 (usine/views.py), sockets an "unavailable" error frame (usine/sockets.py)."""

from django.db.utils import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def unavailable_service(error: BaseException | None) -> bool:
    """Whether `error`, or one of the errors that caused it, is a service out of reach."""
    seen = 0
    while error is not None and seen < 8:  # a bounded walk down the causes
        if isinstance(error, UNAVAILABLE):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False
