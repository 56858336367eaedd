"""The floor of the benchmarks: a constant view beside every URL of the fair.

bench/pages.py and bench/booking_race.py serve it with DJANGO_SETTINGS_MODULE=
bench.constant_settings, so that the fair's pages and the constant view are measured on the same
server in the same run. GET /banc/constante/
returns a fixed small HTML page through the fair's whole middleware stack (sessions, CSRF,
authentication, CSP…): what any page costs before its own queries and templates.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

CONSTANT_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Usine</title></head>'
    "<body><main><h1>Usine</h1><p>Page constante du banc d'essai.</p></main></body></html>"
)


@require_GET
def constant(request):
    return HttpResponse(CONSTANT_PAGE)


urlpatterns = [
    path("banc/constante/", constant, name="bench_constant"),
    path("", include("usine.urls")),
]
