"""The fair's ASGI application for bench/live_fanout.py, with the per-seat and per-session socket
limits (usine/sockets.py) raised: the benchmark's 1,000 clients of one room share the class's 40
pupils' sessions, as no real class does. Everything else is the fair's own."""

from usine import sockets

# Read by the consumers at each connection: 1,000 clients over 40 seats.
sockets.MAX_SOCKETS_PER_SEAT = sockets.MAX_SOCKETS_PER_SESSION = 10_000

from usine.asgi import application  # noqa: E402

__all__ = ["application"]
