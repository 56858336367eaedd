"""The teacher's console during a class session: who is connected, where, how far in the
passport; freeing a pseudonym; gathering the class.

Presence lives in the database (SeatClaim.last_seen_at, refreshed for the pupils whose session
bar is open, a process's pupils at once, and by their pings), so the console is right whichever
process serves which pupil, with the in-memory channel layer or Redis. Messages to pupils go to
the whole class session (`tell_class`): there is no private channel from an adult to one pupil.
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from usine import transports
from usine.prepared import Prepared

from . import passport
from .errors import NotYours
from .models import Booking, Pupil, SchoolClass, SeatClaim
from .pseudonyms import in_reading_order

PRESENCE_TIMEOUT = datetime.timedelta(seconds=45)
HEARTBEAT_SECONDS = 15
# Pupils marked seen or gone in one UPDATE (a process holds a few thousand session bars).
PRESENCE_BATCH = 500

# What the teacher tells a class session, to every process (usine.transports): one topic for all
# sessions, each process keeping what concerns its own session bars (schools/session_bars.py).
CLASSES_TOPIC = "schools.classes"
GATHER = "gather"  # [GATHER, booking id, {"url": …}]: every pupil to the meeting point
RELEASED = "released"  # [RELEASED, booking id, {"pupil_id": n}]: the pseudonym was freed

# Sent once a freed seat is committed, with `booking`, `pupil` and `by` (the teacher's account):
# the live exchange's audit log records it (schools sits below live and does not import it).
seat_freed = Signal()


def _presence_rows(school_class_id):
    stamped = Q(visits__stamped_at__isnull=False)
    return (
        Pupil.objects.filter(school_class_id=school_class_id)
        # A visit has one building and a building one company: the joins add no rows.
        .annotate(
            stamps=Count("visits", filter=stamped),
            sectors=Count("visits__building__company__sector", filter=stamped, distinct=True),
        )
        .order_by()
        .values_list(
            "pk",
            "pseudonym",
            "seat_claim__pupil_id",
            "seat_claim__last_seen_at",
            "seat_claim__building__name",
            "stamps",
            "sectors",
        )
    )


# Compiled once (usine/prepared.py): the console's page and its socket run it again and again.
_PRESENCE_ROWS = Prepared(_presence_rows, values=1)


def presence(*, booking: Booking, now=None, order=None) -> list[dict]:
    """One row per pupil of the class, in one query (the console's page and its socket's
    heartbeat both read it): seat, building, stamps and sectors of the passport. `order`: the
    class's (id, pseudonym) pairs in reading order when already known (class_pages.py); a pupil
    added since comes last."""
    now = now or timezone.now()
    rows = _PRESENCE_ROWS.rows(booking.school_class_id)
    by_id = {row[0]: row for row in rows}
    if order is None:
        ordered = in_reading_order(by_id.values(), pseudonym=lambda row: row[1])
    else:
        ordered = [by_id.pop(pk) for pk, _pseudonym in order if pk in by_id]
        ordered.extend(by_id.values())
    return [
        {
            "id": pk,
            "pseudonym": pseudonym,
            "claimed": claimed is not None,
            "connected": is_connected(seen, now=now),
            "building": (building or "") if claimed is not None else "",
            "stamps": stamps,
            "sectors": sectors,
            "complete": stamps >= passport.GOAL_BUILDINGS and sectors >= passport.GOAL_SECTORS,
        }
        for pk, pseudonym, claimed, seen, building, stamps, sectors in ordered
    ]


def seen(*, pupil_id: int, now=None) -> None:
    SeatClaim.objects.filter(pupil_id=pupil_id).update(last_seen_at=now or timezone.now())


def _batches(pupil_ids) -> list[list[int]]:
    ids = sorted(set(pupil_ids))
    return [ids[start : start + PRESENCE_BATCH] for start in range(0, len(ids), PRESENCE_BATCH)]


def seen_all(*, pupil_ids, now=None) -> None:
    """These pupils' session bars are open (one process's heartbeat for all of them)."""
    now = now or timezone.now()
    for batch in _batches(pupil_ids):
        SeatClaim.objects.filter(pupil_id__in=batch).update(last_seen_at=now)


def gone_all(*, pupil_ids, left_at) -> None:
    """These pupils closed their last session bar (of a process) by `left_at`: gone, unless a
    bar in another process marked them seen since."""
    for batch in _batches(pupil_ids):
        SeatClaim.objects.filter(pupil_id__in=batch, last_seen_at__lte=left_at).update(
            last_seen_at=None
        )


def teacher_seen(*, booking_id: int, now=None) -> None:
    Booking.objects.filter(pk=booking_id).update(teacher_seen_at=now or timezone.now())


def teacher_gone(*, booking_id: int) -> None:
    Booking.objects.filter(pk=booking_id).update(teacher_seen_at=None)


def is_connected(seen_at, *, now) -> bool:
    """Whether a presence stamp (a seat's, a teacher's console) is recent enough."""
    return seen_at is not None and now - seen_at <= PRESENCE_TIMEOUT


def tell_class(*, booking_id: int, what: str, payload: dict) -> None:
    """To every session bar of the class session, in whatever process."""
    transports.publish_from_sync(CLASSES_TOPIC, [what, booking_id, payload])


def free_seat(*, school_class: SchoolClass, pupil_id, by=None) -> None:
    """Frees a pseudonym: the browser that held it is signed out (its session is deleted) and
    told so; the pseudonym can be picked again at once."""
    try:
        pupil = school_class.pupils.get(pk=int(pupil_id))
    except (Pupil.DoesNotExist, TypeError, ValueError):
        raise NotYours() from None
    with transaction.atomic():
        claim = SeatClaim.objects.select_for_update().filter(pupil=pupil).first()
        if claim is None:
            return
        session_key = claim.session_key
        claim.delete()
        booking = Booking.objects.filter(school_class=school_class).first()

        def after():
            _session_store()(session_key).delete()
            if booking is not None:
                tell_class(booking_id=booking.pk, what=RELEASED, payload={"pupil_id": pupil.pk})
                seat_freed.send(sender=SeatClaim, booking=booking, pupil=pupil, by=by)

        transaction.on_commit(after)


def _session_store() -> type[SessionBase]:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")


def meeting_point_url() -> str:
    return reverse("town:town") + "?rassemblement=1"


def gather(*, booking: Booking) -> None:
    """Brings every pupil of the class back to the town's meeting point."""
    tell_class(booking_id=booking.pk, what=GATHER, payload={"url": meeting_point_url()})
