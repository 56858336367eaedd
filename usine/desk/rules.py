"""Who sees and does what at a building's desk: the rules of minors' safety, in one place.

- Every question waits for an adult's approval before the company sees it — the safest of
  the issue's two choices, taken for pupils whether or not their teacher is online. A pupil's
  question (a pupil of a class, or a member of a counsellor's group) is seen at once by the
  pupil's teacher or counsellor, who may approve or set it aside, as may the organizers when
  the teacher is busy or absent; nothing is approved on its own, whoever is online. A
  visitor's question (no account, nothing known about the asker) waits for the organizers.
- The same holds when the desk's person is on camera (camera.py): the camera is a broadcast
  everyone at the building watches without camera or microphone; questions stay written and
  approved first, and the host reads out only approved ones. No pupil ever talks with an
  adult, live or in writing, without another adult between them.
- The company answers in writing, at its desk, only questions approved this way; an answer with
  contact details or insults is refused (the live exchange's word filter, as for questions).
- An answer to a pupil is never private: the pupil's teacher sees it with the question.
- Answered questions enter the building's public FAQ only when an organizer publishes them.
"""

from django.db.models import Q, QuerySet

from usine.exhibits.models import Company
from usine.fair.queries import open_edition
from usine.organizers import is_organizer

from .models import DeskQuestion

SEEN_BY_COMPANY = (DeskQuestion.State.OPEN, DeskQuestion.State.ANSWERED)


def for_company(*, company: Company) -> QuerySet[DeskQuestion]:
    """The questions the company's people may read: approved ones, never those awaiting review."""
    return DeskQuestion.objects.filter(building__company=company, state__in=SEEN_BY_COMPANY)


def desk_company(user) -> Company | None:
    """The company whose desk the account answers at: its exhibitor's company, or the company
    of its professional profile in the open edition."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    exhibitor = getattr(user, "exhibitor", None)
    if exhibitor is not None:
        return exhibitor.company
    edition = open_edition()
    if edition is None:
        return None
    profile = (
        user.professional_profiles.filter(edition=edition, company__isnull=False)
        .select_related("company")
        .first()
    )
    return profile.company if profile is not None else None


def for_reviewer(user) -> QuerySet[DeskQuestion]:
    """The questions an adult may approve or set aside: all of them for the organizers, their
    own pupils' for a teacher or counsellor; none for anyone else."""
    if user is None or not user.is_authenticated or not user.is_active:
        return DeskQuestion.objects.none()
    if is_organizer(user):
        return DeskQuestion.objects.all()
    return DeskQuestion.objects.filter(
        Q(asker=DeskQuestion.Asker.PUPIL) & Q(school_class__teacher__user=user)
    )


def may_publish(user) -> bool:
    return bool(user is not None and user.is_active and is_organizer(user))
