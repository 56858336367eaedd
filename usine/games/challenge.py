"""The class challenge: classes score across the fair's week from what their pupils prove.

A point comes from one proof the server recorded itself — a passport stamp (schools' passport),
a building quiz passed (quiz.py), a question the moderators approved in the live exchange — and
each proof counts once (`ChallengePoint.proof` is unique per class). A pupil brings at most
DAILY_CAP points a day, so a class of 12 plays on the same terms as a class of 35.

A class's score is its points divided by its size, the pupils it had when it scored its first
point, fixed then: pseudonyms added later never score and do not count, pupils removed later
keep their points (the link to the pupil is cleared, not the point) and the size does not
shrink. So nothing a teacher does to the class list moves the ranking.

A pupil sees the class's rank, never a pupil's score: nothing here returns one.
"""

import contextlib
import datetime
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from usine.fair.models import Edition
from usine.fair.queries import shown_edition
from usine.schools.models import Booking, Pupil, SchoolClass
from usine.site import absolute_url

from .errors import GameError
from .models import ChallengeEntry, ChallengePoint, ChallengeWinner

# Sent once a winner is recorded (tasks.py mails the teacher in the background).
winner_announced = Signal()

DAILY_CAP = 12  # points a pupil brings in a day: 5 stamps, their quizzes and a question or two
PODIUM_CACHE_SECONDS = 5  # the podium is read by every open page: one computation every few s


# --- Scoring -----------------------------------------------------------------------------------


def award(*, pupil: Pupil, kind: str, proof: str, now=None) -> bool:
    """Count the proof for the pupil's class, if it may: returns whether a point was added."""
    now = now or timezone.now()
    if not Booking.objects.filter(school_class_id=pupil.school_class_id).exists():
        return False  # no session, nothing to score
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            entry = _entry(school_class_id=pupil.school_class_id)
            if pupil.created_at > entry.created_at:
                return False  # a pseudonym added once the class had started scoring
            earned = ChallengePoint.objects.filter(entry=entry, pupil=pupil, day=day).count()
            if earned >= DAILY_CAP:
                return False
            ChallengePoint.objects.create(entry=entry, pupil=pupil, kind=kind, proof=proof, day=day)
            ChallengeEntry.objects.filter(pk=entry.pk).update(points=F("points") + 1)
    except IntegrityError:  # this proof was counted already (a replay, a parallel request)
        return False
    return True


def _entry(*, school_class_id: int) -> ChallengeEntry:
    """The class's entry, locked (its points are counted one request at a time); created with
    the class's first point, its size the pupils the class has then."""
    entry = ChallengeEntry.objects.select_for_update().filter(school_class_id=school_class_id)
    entry = entry.first()
    if entry is not None:
        return entry
    size = Pupil.objects.filter(school_class_id=school_class_id).count()
    # A savepoint: a parallel first point may win the insert, and this one then reads it.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        ChallengeEntry.objects.create(school_class_id=school_class_id, size=max(size, 1))
    return ChallengeEntry.objects.select_for_update().get(school_class_id=school_class_id)


def proof_of_stamp(visit) -> str:
    return f"stamp:{visit.pk}"


def proof_of_quiz(quiz_pass) -> str:
    return f"quiz:{quiz_pass.pk}"


def proof_of_question(question) -> str:
    return f"question:{question.pk}"


# --- Podium -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    rank: int
    class_id: int
    name: str
    level: str
    school: str
    town: str
    score: Decimal  # points per pupil


def standings(*, edition: Edition, day: datetime.date | None = None, level: str = "") -> list:
    """Every scoring class of the edition, best first: overall, or on one day, or of one level.
    Ties share a rank."""
    key = f"games:standings:{edition.pk}:{day or ''}:{level}"
    rows = cache.get(key)
    if rows is None:
        rows = _standings(edition=edition, day=day, level=level)
        cache.set(key, rows, PODIUM_CACHE_SECONDS)
    return rows


@dataclass(frozen=True)
class Podium:
    """The standings every podium box polls (the town's, the text view's, the page's): the same
    for every visitor, kept PODIUM_CACHE_SECONDS, with a version that changes when they do."""

    edition: Edition | None
    day: datetime.date | None
    level: str
    rows: list[Standing]
    version: str

    def place_of(self, school_class_id: int) -> Standing | None:
        return next((row for row in self.rows if row.class_id == school_class_id), None)


def live_podium(*, day: datetime.date | None = None, level: str = "") -> Podium:
    """The shown edition's standings, overall or on one of its days (another day counts as
    overall) or of one level, read from the cache: a poll reads no database row."""
    key = f"games:podium:{day or ''}:{level}:{get_language()}"  # level labels are translated
    podium = cache.get(key)
    if podium is None:
        edition = shown_edition()
        if edition is None or day not in fair_days(edition=edition):
            day = None
        rows = _standings(edition=edition, day=day, level=level) if edition else []
        seen = repr((edition.pk if edition else None, day, level, rows))
        version = hashlib.sha256(seen.encode()).hexdigest()[:12]
        podium = Podium(edition=edition, day=day, level=level, rows=rows, version=version)
        cache.set(key, podium, PODIUM_CACHE_SECONDS)
    return podium


def _standings(*, edition: Edition, day, level: str) -> list[Standing]:
    entries = ChallengeEntry.objects.filter(school_class__edition=edition).select_related(
        "school_class__teacher__school"
    )
    if level:
        entries = entries.filter(school_class__level=level)
    if day is not None:
        entries = entries.annotate(earned=Count("earned_points", filter=Q(earned_points__day=day)))
    scored = []
    for entry in entries:
        points = entry.earned if day is not None else entry.points
        if points:
            score = (Decimal(points) / entry.size).quantize(Decimal("0.01"), ROUND_HALF_UP)
            scored.append((score, entry))
    scored.sort(key=lambda pair: (-pair[0], pair[1].school_class.name, pair[1].pk))
    rows, rank, previous = [], 0, None
    for position, (score, entry) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        school_class = entry.school_class
        rows.append(
            Standing(
                rank=rank,
                class_id=school_class.pk,
                name=school_class.name,
                level=school_class.get_level_display(),
                school=school_class.teacher.school.name,
                town=school_class.teacher.school.town,
                score=score,
            )
        )
    return rows


def fair_days(*, edition: Edition) -> list[datetime.date]:
    days, day = [], edition.starts_on
    while day <= edition.ends_on:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


# --- Winners ------------------------------------------------------------------------------------


def mark_winner(*, edition: Edition, school_class: SchoolClass, title: str, prize: str):
    """The organizers' choice: the class wins the prize (a visit of a real site); its teacher is
    told by e-mail once it is recorded."""
    title, prize = " ".join(str(title).split()), " ".join(str(prize).split())
    if not title:
        raise GameError(_("Donnez un intitulé, ex. : 1er prix."), field="title")
    if not prize:
        raise GameError(_("Dites quel est le prix, ex. : la visite d'un site."), field="prize")
    if school_class.edition_id != edition.pk:
        raise GameError(_("Cette classe ne participe pas à cette édition."), field="school_class")
    try:
        with transaction.atomic():
            winner = ChallengeWinner.objects.create(
                edition=edition, school_class=school_class, title=title[:120], prize=prize[:300]
            )
    except IntegrityError:
        raise GameError(_("Cette classe est déjà lauréate."), field="school_class") from None
    transaction.on_commit(lambda: winner_announced.send(sender=ChallengeWinner, winner=winner))
    return winner


def tell_teacher(*, winner_id: int) -> None:
    winner = (
        ChallengeWinner.objects.select_related("school_class__teacher__user", "edition")
        .filter(pk=winner_id, told_at__isnull=True)
        .first()
    )
    if winner is None:
        return
    user = winner.school_class.teacher.user
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "games/email/winner.txt",
            {
                "winner": winner,
                "first_name": user.first_name,
                "link": absolute_url(reverse("games:challenge")),
            },
        )
        subject = _("Usine : votre classe %(name)s a gagné le défi !") % {
            "name": winner.school_class.name
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    ChallengeWinner.objects.filter(pk=winner.pk).update(told_at=timezone.now())


def winners(*, edition: Edition):
    return ChallengeWinner.objects.filter(edition=edition).select_related(
        "school_class__teacher__school"
    )
