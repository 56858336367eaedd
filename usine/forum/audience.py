"""Who is at a Forum talk, and what they may do there.

- organizers (staff accounts) moderate the questions and type the captions;
- anyone else signed in asks and votes under their first name;
- a pupil holding a seat (schools' join flow) asks and votes under their pseudonym, with their
  class;
- a visitor without an account reads: the approved questions and the captions.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from usine.organizers import is_organizer
from usine.schools.join import claim_of

ORGANIZER = "organizer"
ADULT = "adult"
PUPIL = "pupil"
READER = "reader"


@dataclass(frozen=True)
class Attendee:
    role: str
    user_id: int | None = None
    pupil_id: int | None = None
    # How the audience reads the asker (a pseudonym, a first name) and a pupil's class.
    name: str = ""
    school_class: str = ""

    @property
    def is_organizer(self) -> bool:
        return self.role == ORGANIZER

    @property
    def may_ask(self) -> bool:
        return self.role != READER


READER_ATTENDEE = Attendee(READER)


def adult_name(user) -> str:
    """A first name and an initial (Marie D.), never the e-mail address an account logs in with."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if first:
        return f"{first} {last[0]}." if last else first
    return _("Participant·e")


def class_label(school_class) -> str:
    """How a pupil's class is named beside their pseudonym: "3e B, collège Jean-Moulin"."""
    school = school_class.teacher.school.name if school_class.teacher_id else ""
    return f"{school_class.name}, {school}" if school else school_class.name


def attendee(*, user, session) -> Attendee:
    if user is not None and user.is_authenticated and user.is_active:
        role = ORGANIZER if is_organizer(user) else ADULT
        return Attendee(role, user_id=user.pk, name=adult_name(user))
    claim = claim_of(session) if session is not None else None
    if claim is not None:
        pupil = claim.pupil
        return Attendee(
            PUPIL,
            pupil_id=pupil.pk,
            name=pupil.pseudonym,
            school_class=class_label(pupil.school_class),
        )
    return READER_ATTENDEE


def scope_attendee(scope) -> Attendee:
    return attendee(user=scope.get("user"), session=scope.get("session"))


def request_attendee(request) -> Attendee:
    return attendee(user=request.user, session=request.session)
