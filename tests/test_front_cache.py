import re

import pytest

from tests.fair.factories import BuildingFactory
from usine.front_cache import front_cached_paths_regex


def test_nginx_caches_the_paths_of_the_front_cached_views_only():
    regex = front_cached_paths_regex()

    assert regex == (
        r"^/(?:|api/town|api/town/(?:[-a-zA-Z0-9_]+)|batiments/(?:[-a-zA-Z0-9_]+)/"
        r"|batiments/(?:[-a-zA-Z0-9_]+)/interieur/|defi/podium\.json|forum/|forum/(?:[-a-zA-Z0-9_]+)/"
        r"|forum/(?:[-a-zA-Z0-9_]+)/agenda\.ics|forum/jour/(?:[^/]+)\.ics|forum/maintenant\.html"
        r"|quel\-metier/|quel\-metier/(?:[^/]+)/|ville/texte/)$"
    )
    cached = [
        "/",
        "/api/town",
        "/api/town/port-de-fos",
        "/batiments/port-de-fos/",
        "/batiments/port-de-fos/interieur/",
        "/defi/podium.json",
        "/ville/texte/",
    ]
    assert [path for path in [*cached, "/rejoindre/", "/batiments/"] if re.match(regex, path)] == (
        cached
    )


@pytest.mark.django_db
def test_a_front_cached_page_may_be_kept_until_the_end_of_this_second(client, monkeypatch):
    monkeypatch.setattr("usine.front_cache.time.time", lambda: 1_800_000_000.75)

    response = client.get(BuildingFactory().get_absolute_url())

    assert response["X-Accel-Expires"] == "@1800000000"
