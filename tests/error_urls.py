"""The project's URLs plus one view that fails, for the 500 pages (tests/test_views.py)."""

from django.urls import path

from usine import urls
from usine.urls import handler400, handler403, handler404, handler500  # noqa: F401 — read by Django


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("casse/", broken),
    path("api/casse", broken),
    *urls.urlpatterns,
]
