"""The pupils' door: a class code, then a pseudonym picked from the class's list.

A pseudonym is held by one browser at a time (a SeatClaim keyed by its session key); the
teacher can free it. Attempts are rate limited in the cache shared by every process of the fair
(a folder or Redis) so codes cannot be guessed; the IP address only ever appears, hashed, in a
cache key that expires after twenty minutes, never next to a pupil.

Why two limits: a whole class joins from behind one school router, so one IP address makes
dozens of legitimate attempts a minute. What a guesser cannot avoid is failing: the per-IP limit
counts failed code lookups. The per-code limit caps everything done with one code.
"""

import hashlib
import time

from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from usine import versions

from . import codes, session_clock
from .errors import (
    MalformedCode,
    NoSession,
    NotYetTime,
    PseudonymTaken,
    SessionOver,
    SessionsClosed,
    TooManyAttempts,
    UnknownCode,
    UnknownPseudonym,
)
from .models import Booking, Pupil, SchoolClass, SeatClaim
from .pseudonyms import in_reading_order

# The claims pages read (`shown_claim`), each kept under its pupil's version, which a change to the
# seat, the pupil or what is read with them renews (signals.py): one pupil's change sends only
# that pupil's pages (or one class's) back to the database, not every pupil's of the fair.
SEAT_VERSION_KEY = "seats:pupil:{pupil}"
SEAT_CACHE_KEY = "seat:{session}"
SEAT_CACHE_SECONDS = 2 * 3600  # a session lasts 1h30

# Wrong codes are counted per address over fixed windows of ten minutes. A school joins from behind
# one router: hundreds of pupils, a few typos each at worst, stay far below the free allowance.
# Past it, each wrong code makes the address wait twice as long before its next try (1 s, 2 s,
# 4 s… up to 5 minutes): a guesser is slowed to a crawl, nobody hits a wall for a typo. Successful
# joins and the pseudonym step count for nothing. The arithmetic is in the README.
RATE_WINDOW_SECONDS = 600
FREE_FAILURES_PER_ADDRESS = 200
LONGEST_WAIT_SECONDS = 300
# Characters a pupil may type for a code's symbols; the alphabet has no 0, O, 1, I or L.
NOT_IN_CODES = set("01OIL")
# Where a browser holding a seat keeps its pupil's id (the live room reads it too).
PUPIL_SESSION_KEY = "pupil_id"
# Where a browser remembers that its pupil explores the text view (a weak PC, no WebGL).
TEXT_VIEW_SESSION_KEY = "pupil_text_view"


def _now() -> float:
    return time.time()


def _address_keys(ip: str) -> tuple[str, str]:
    """The address's failure counter for the current window, and its "not before" time. Fixed
    windows, because a backend's incr may renew a key's expiry (the folder cache rewrites the
    value), which would stretch a sliding window."""
    digest = hashlib.sha256((ip or "?").encode()).hexdigest()[:24]
    window = int(_now() // RATE_WINDOW_SECONDS)
    return f"schools:join:fail:{digest}:{window}", f"schools:join:wait:{digest}"


def _check_wait(ip: str) -> None:
    _failures, wait_key = _address_keys(ip)
    not_before = cache.get(wait_key)
    if not_before is not None and _now() < not_before:
        raise TooManyAttempts(seconds=max(1, round(not_before - _now())))


def _failed(ip: str) -> None:
    failures_key, wait_key = _address_keys(ip)
    cache.add(failures_key, 0, timeout=RATE_WINDOW_SECONDS * 2)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.set(failures_key, 1, timeout=RATE_WINDOW_SECONDS * 2)
        failures = 1
    beyond = failures - FREE_FAILURES_PER_ADDRESS
    if beyond > 0:
        wait = min(2 ** min(beyond - 1, 16), LONGEST_WAIT_SECONDS)
        cache.set(wait_key, _now() + wait, timeout=wait + 1)


def find_class(*, code: str, ip: str) -> SchoolClass:
    """The class whose current code was typed, or a JoinError. A wrong code counts against the
    address; an address that made too many waits before its next try."""
    _check_wait(ip)
    stored = codes.normalise_code(code)
    if not codes.is_well_formed(stored):
        _failed(ip)
        if len(stored) == codes.LENGTH and set(stored) & NOT_IN_CODES:
            raise MalformedCode(
                _(
                    "Un code de classe ne contient jamais les caractères 0, O, 1, I ou L : "
                    "vérifie le code sur la fiche."
                )
            )
        raise MalformedCode()
    school_class = SchoolClass.objects.filter(code=stored).first()
    if school_class is None:
        _failed(ip)
        raise UnknownCode()
    return school_class


def booking_of(school_class: SchoolClass) -> Booking:
    booking = (
        Booking.objects.select_related("slot__edition").filter(school_class=school_class).first()
    )
    if booking is None:
        raise NoSession()
    return booking


def booking_in(claim: SeatClaim) -> Booking | None:
    """The booking of the claimed seat's class, read with the claim (None: not booked)."""
    return getattr(claim.pupil.school_class, "booking", None)


def session_open(
    *, school_class: SchoolClass, now=None
) -> tuple[Booking, session_clock.SessionClock]:
    """The class's booking and clock if pupils may come in now, else why not (with when)."""
    booking = booking_of(school_class)
    if not booking.slot.edition.takes_classes:
        raise SessionsClosed()
    clock = session_clock.clock_for(slot=booking.slot, now=now)
    if clock.phase == session_clock.BEFORE:
        raise NotYetTime(not_yet_message(clock))
    if clock.phase == session_clock.OVER:
        raise SessionOver()
    return booking, clock


def not_yet_message(clock: session_clock.SessionClock) -> str:
    starts = timezone.localtime(clock.starts_at)
    opens = timezone.localtime(clock.opens_at)
    return _(
        "La session de ta classe a lieu le %(day)s à %(time)s (heure de Paris). Tu pourras "
        "la rejoindre à partir de %(opens)s."
    ) % {
        "day": formats.date_format(starts, "l j F Y"),
        "time": formats.time_format(starts, "H:i"),
        "opens": formats.time_format(opens, "H:i"),
    }


def pseudonyms(*, school_class: SchoolClass, session_key: str | None) -> list[dict]:
    """The class's pseudonyms for the picking page, each with whether another browser has it."""
    held = dict(
        SeatClaim.objects.filter(pupil__school_class=school_class).values_list(
            "pupil_id", "session_key"
        )
    )
    items = [
        {
            "pupil": pupil,
            "taken": pupil.pk in held and held[pupil.pk] != session_key,
            "mine": pupil.pk in held and held[pupil.pk] == session_key,
            "focus": False,
        }
        for pupil in in_reading_order(school_class.pupils.order_by())
    ]
    # The keyboard starts on the first pseudonym that can be picked.
    for item in items:
        if not item["taken"]:
            item["focus"] = True
            break
    return items


def claim(*, school_class: SchoolClass, pupil_id, session_key: str) -> Pupil:
    """Gives the pseudonym to this browser, or PseudonymTaken if another browser holds it.
    A browser that held another pseudonym lets it go."""
    try:
        pupil = school_class.pupils.get(pk=int(pupil_id))
    except (Pupil.DoesNotExist, TypeError, ValueError):
        raise UnknownPseudonym() from None
    try:
        with transaction.atomic():
            held = SeatClaim.objects.select_for_update().filter(pupil=pupil).first()
            if held is not None and held.session_key != session_key:
                raise PseudonymTaken()
            SeatClaim.objects.filter(session_key=session_key).exclude(pupil=pupil).delete()
            if held is None:
                # Two browsers racing for a free pseudonym: the one-to-one link lets one win.
                SeatClaim.objects.create(pupil=pupil, session_key=session_key)
    except IntegrityError:
        raise PseudonymTaken() from None
    return pupil


def claim_of(session: SessionBase) -> SeatClaim | None:
    """The seat this browser holds, if its session names a pupil and still holds the pseudonym.
    Its class's booking and slot come with it (`booking_in`): the session bar of every page of
    the town reads them."""
    pupil_id = session.get(PUPIL_SESSION_KEY) if session is not None else None
    key = session.session_key if session is not None else None
    if pupil_id is None or not key:
        return None
    return (
        SeatClaim.objects.select_related(
            "pupil__school_class__booking__slot", "pupil__school_class__teacher__school"
        )
        .filter(pupil_id=pupil_id, session_key=key)
        .first()
    )


def request_claim(request) -> SeatClaim | None:
    """`claim_of` the request's session, read once per request (the header's way back and the
    session bar of one page both need it) and through the cache (`shown_claim`)."""
    if not hasattr(request, "_seat_claim"):
        request._seat_claim = shown_claim(getattr(request, "session", None))
    return request._seat_claim


def _version_key(pupil_id) -> str:
    return SEAT_VERSION_KEY.format(pupil=pupil_id)


def seat_version(pupil_id) -> str:
    """The current version of this pupil's seat and what the session bar reads with it."""
    return versions.current(_version_key(pupil_id), SEAT_CACHE_SECONDS)


def forget_seats(*, pupil_ids) -> None:
    """The seats of these pupils, or what is read with them (their class, booking, slot, teacher,
    school), changed (signals.py): their pages read their claims from the database again."""
    versions.renew([_version_key(pupil_id) for pupil_id in pupil_ids], SEAT_CACHE_SECONDS)


def shown_claim(session: SessionBase | None) -> SeatClaim | None:
    """`claim_of`, kept in the cache under its pupil's version: every page a pupil opens reads it
    (the header, the session bar) and it changes a few times a session at most. The sockets and
    the writes read the database (`claim_of`)."""
    pupil_id = session.get(PUPIL_SESSION_KEY) if session is not None else None
    key = session.session_key if session is not None else None
    if pupil_id is None or not key:
        return None
    seat_key, version_key = SEAT_CACHE_KEY.format(session=key), _version_key(pupil_id)
    # The version is read before the rows: a change committed meanwhile renews it, so what is
    # kept below under the version read here is never taken for the current state.
    found = cache.get_many([version_key, seat_key])
    version = found.get(version_key) or seat_version(pupil_id)
    cached = found.get(seat_key)
    if cached is not None and cached[0] == version and cached[1] == pupil_id:
        return cached[2]
    return _kept_claim(session, pupil_id, version)


def fresh_claim(session: SessionBase | None) -> SeatClaim | None:
    """`claim_of`, read from the database (what the sockets trust), then kept for the pages as
    `shown_claim` keeps it: the session bar opens with every page of the town, so the pupil's
    next page finds the seat read (the first page after a restart, or after the seat's pupil
    changed, would read it again)."""
    pupil_id = session.get(PUPIL_SESSION_KEY) if session is not None else None
    if pupil_id is None or not session.session_key:
        return None
    return _kept_claim(session, pupil_id, seat_version(pupil_id))


def _kept_claim(session: SessionBase, pupil_id, version: str) -> SeatClaim | None:
    # `version` was read before the rows: a change committed meanwhile renews it, so what is
    # kept here under it is never taken for the current state.
    claim = claim_of(session)
    cache.set(
        SEAT_CACHE_KEY.format(session=session.session_key),
        (version, pupil_id, claim),
        SEAT_CACHE_SECONDS,
    )
    return claim


_UNREAD = object()


def way_back(session: SessionBase, *, claim=_UNREAD) -> str | None:
    """Where "Retour à ma session" leads this browser's pupil: the live exchange from minute 60,
    the town (or the text view, if the pupil joined from it) before; None when the browser holds
    no seat or its class's session is not on. `claim`: the session's, when already read."""
    if claim is _UNREAD:
        claim = claim_of(session)
    if claim is None:
        return None
    booking = booking_in(claim)
    if booking is None:
        return None
    phase = session_clock.clock_for(slot=booking.slot).phase
    if phase == session_clock.LIVE:
        return reverse("live:class_exchange")
    if phase in (session_clock.WAITING, session_clock.EXPLORING):
        return reverse("town:text" if session.get(TEXT_VIEW_SESSION_KEY) else "town:town")
    return None
