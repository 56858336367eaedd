"""The project's URLs plus views that fail (a bug, a service out of reach), for the 500 and
503 pages (tests/test_views.py)."""

from django.urls import path

from usine import urls
from usine.urls import handler400, handler403, handler404, handler500  # noqa: F401 — read by Django


def broken(request):
    raise RuntimeError("a bug")


def database_away(request):
    from django.db.utils import OperationalError

    raise OperationalError("connection to server failed: Connection refused")


def redis_away(request):
    from redis.exceptions import ConnectionError

    raise ConnectionError("Error 111 connecting to localhost:6379. Connection refused.")


urlpatterns = [
    path("casse/", broken),
    path("api/casse", broken),
    path("base-absente/", database_away),
    path("redis-absent/", redis_away),
    path("api/base-absente", database_away),
    *urls.urlpatterns,
]
