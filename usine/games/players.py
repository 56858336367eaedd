"""Who is playing: a pupil whose class session is on, or anyone else (never identified)."""

from usine.schools import join, session_clock
from usine.schools.models import Pupil


def pupil_in_session(request) -> Pupil | None:
    """The pupil this browser holds a seat for, while the class's session is on (the session
    bar is shown); None otherwise."""
    claim = join.request_claim(request)
    if claim is None:
        return None
    booking = join.booking_in(claim)
    if booking is None:
        return None
    phase = session_clock.clock_for(slot=booking.slot).phase
    if phase in (session_clock.BEFORE, session_clock.OVER):
        return None
    return claim.pupil
