"""The demo's games in play: the class in session at load time (tests/demo/loading.py)."""

from django.core.cache import cache

from tests import database_run
from tests.demo.loading import LOADED_AT, STARTS_ON, load
from usine.games import challenge
from usine.games.models import OrientationKept
from usine.schools import passport
from usine.schools.models import BuildingVisit, SchoolClass


def test_the_class_in_session_has_stamps_points_and_a_kept_profile(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("USINE_DEMO_PASSWORD", "vannes-de-demo-2021")
    with database_run.unwatched(), django_capture_on_commit_callbacks(execute=True):
        load("--no-videos", "--starts-on", STARTS_ON, now=LOADED_AT)
    running = SchoolClass.objects.get(name="3e Prépa-métiers B")
    first = running.pupils.first()  # the pseudonym the picking page offers first
    assert list(OrientationKept.objects.values_list("pupil", "code")) == [(first.pk, "RCI")]
    stamped = BuildingVisit.objects.filter(stamped_at__isnull=False)
    assert stamped.filter(pupil__school_class=running).count() == stamped.count() == 12
    assert passport.passport_of(pupil=first).buildings == 2
    cache.clear()
    podium = challenge.live_podium()
    assert [(row.rank, row.name, str(row.score)) for row in podium.rows] == [
        (1, "3e Prépa-métiers B", "0.67")
    ]
    assert "RCI" in passport.shown_passport(pupil=first).sections[0]
