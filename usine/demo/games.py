"""The demo's games in play: the class in session at load time has been exploring since its
session began. A few of its pupils stayed long enough in two buildings each for the stamps, which
score for the class in the challenge as they would live (the stamps' signal), and its first
pseudonym — the one the picking page offers first — kept a "which trade for me?" profile. A
visitor who joins with the class's code finds the profile in the passport and the class on the
town's podium.
"""

import datetime

from django.db.models import QuerySet

from usine.fair.models import Building
from usine.games import orientation
from usine.schools import passport
from usine.schools.models import SchoolClass

EXPLORERS = 6  # the pupils who earned stamps before the load
KEPT_PROFILE = "RCI"  # hands-on, investigating, organised: trades the demo's sites show


def play_session(*, school_class: SchoolClass, now: datetime.datetime) -> None:
    """Stamps for EXPLORERS pupils (two buildings each, in the minutes before `now`, pinged as
    the building page does) and the first pupil's kept profile."""
    buildings = list(_buildings(school_class))
    pupils = list(school_class.pupils.all()[:EXPLORERS])
    stay = passport.stamp_seconds() + passport.PING_SECONDS
    for number, pupil in enumerate(pupils):
        visited = [buildings[(2 * number + k) % len(buildings)] for k in (0, 1)]
        start = now - datetime.timedelta(seconds=2 * stay)
        for building in visited:
            for second in range(0, stay, passport.PING_SECONDS):
                at = start + datetime.timedelta(seconds=second)
                passport.record_presence(pupil=pupil, building_slug=building.slug, now=at)
            start += datetime.timedelta(seconds=stay)
        passport.record_presence(pupil=pupil, now=now)  # back in the town
    if pupils:
        orientation.keep(pupil=pupils[0], code=KEPT_PROFILE)


def _buildings(school_class: SchoolClass) -> QuerySet[Building]:
    return Building.objects.filter(edition_id=school_class.edition_id).order_by("name")
