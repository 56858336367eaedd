"""After the session: the class report, the certificates, and the figures kept after the purge.

While the pupils exist, figures are computed from their activity; `freeze_summary` stores them
in a SessionSummary just before the purge deletes that activity, and everything here then reads
the summary — so the edition's figures stay the same after the purge.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from usine.exhibits.models import JobProfile, Testimonial

from . import passport
from .models import Booking, BuildingVisit, SchoolClass, SeatClaim, SessionSummary, TestimonialView
from .pseudonyms import in_reading_order

CHART_ROW = 30  # px per bar of the report's chart
CHART_BAR = 320  # px of the longest bar


@dataclass
class PupilLine:
    pseudonym: str
    stamps: int
    sectors: int
    testimonials: int
    questions: int
    buildings_entered: int = 0  # stamped or not
    votes: int = 0  # for questions of the class's live exchange

    @property
    def complete(self) -> bool:
        return self.stamps >= passport.GOAL_BUILDINGS and self.sectors >= passport.GOAL_SECTORS

    @property
    def in_exchange(self) -> bool:
        return self.questions > 0 or self.votes > 0

    @property
    def took_part(self) -> bool:
        """Whether the pupil gets a certificate: the pseudonym was used in the session, to enter
        at least one building of the town or to ask or vote in the live exchange. A pseudonym
        nobody picked (an absent pupil) leaves no trace and gets none."""
        return self.buildings_entered > 0 or self.testimonials > 0 or self.in_exchange


@dataclass
class ClassReport:
    school_class: SchoolClass
    booking: Booking | None
    pupils_joined: int = 0
    stamps: int = 0
    testimonials_watched: int = 0
    passports_completed: int = 0
    questions: int = 0
    buildings: list[dict] = field(default_factory=list)  # [{"name", "pupils", "y", "width"}]
    jobs_seen: list[str] = field(default_factory=list)
    pupils: list[PupilLine] = field(default_factory=list)
    frozen: bool = False  # read from the summary kept after the purge

    @property
    def chart_height(self) -> int:
        return CHART_ROW * len(self.buildings) + 10

    @property
    def certificates(self) -> list[PupilLine]:
        """The pupils who took part, one certificate each."""
        return [line for line in self.pupils if line.took_part]


def _live_figures(booking: Booking) -> dict:
    class_pupils = {"pupil__school_class_id": booking.school_class_id}
    stamped = BuildingVisit.objects.filter(stamped_at__isnull=False, **class_pupils)
    entered = Counter(
        BuildingVisit.objects.filter(**class_pupils).values_list("pupil_id", flat=True)
    )
    buildings = Counter(stamped.values_list("building__name", flat=True))
    lines = []
    for pupil in in_reading_order(booking.school_class.pupils.order_by()):
        mine = stamped.filter(pupil=pupil)
        lines.append(
            PupilLine(
                pseudonym=pupil.pseudonym,
                stamps=mine.count(),
                sectors=mine.values("building__company__sector").distinct().count(),
                testimonials=TestimonialView.objects.filter(pupil=pupil).count(),
                questions=pupil.live_questions.filter(room__booking=booking).count(),
                buildings_entered=entered[pupil.pk],
                votes=pupil.live_upvotes.filter(question__room__booking=booking).count(),
            )
        )
    joined = BuildingVisit.objects.filter(**class_pupils).values("pupil").distinct().count()
    joined = max(joined, SeatClaim.objects.filter(**class_pupils).count())
    return {
        "pupils_joined": joined,
        "stamps": sum(buildings.values()),
        "testimonials_watched": TestimonialView.objects.filter(**class_pupils).count(),
        "passports_completed": sum(1 for line in lines if line.complete),
        # Questions are the live exchange's rows; they point at the class's pupils, so the
        # report reads them from this side without importing the live app (which sits above).
        "questions": sum(line.questions for line in lines),
        "buildings": dict(buildings.most_common()),
        "lines": lines,
    }


def _jobs_seen(booking: Booking) -> list[str]:
    class_pupils = {"pupil__school_class_id": booking.school_class_id}
    companies = BuildingVisit.objects.filter(stamped_at__isnull=False, **class_pupils).values(
        "building__company"
    )
    watched = Testimonial.objects.filter(
        pk__in=TestimonialView.objects.filter(**class_pupils).values("testimonial")
    ).values("job")
    jobs = JobProfile.objects.filter(company__in=companies) | JobProfile.objects.filter(
        pk__in=watched
    )
    return sorted(set(jobs.values_list("title", flat=True)))


def class_report(*, school_class: SchoolClass) -> ClassReport:
    booking = Booking.objects.select_related("slot").filter(school_class=school_class).first()
    report = ClassReport(school_class=school_class, booking=booking)
    if booking is None:
        return report
    summary = SessionSummary.objects.filter(booking=booking).first()
    if summary is not None:
        figures, report.frozen = _summary_figures(summary), True
    else:
        figures = _live_figures(booking)
        report.pupils = figures["lines"]
        report.jobs_seen = _jobs_seen(booking)
    for name in ("pupils_joined", "stamps", "testimonials_watched", "passports_completed"):
        setattr(report, name, figures[name])
    report.questions = figures["questions"]
    top = max(figures["buildings"].values(), default=0)
    report.buildings = [
        {
            "name": name,
            "pupils": count,
            "y": CHART_ROW * index,
            "width": round(CHART_BAR * count / top) if top else 0,
        }
        for index, (name, count) in enumerate(figures["buildings"].items())
    ]
    return report


def _summary_figures(summary: SessionSummary) -> dict:
    return {
        "pupils_joined": summary.pupils_joined,
        "stamps": summary.stamps,
        "testimonials_watched": summary.testimonials_watched,
        "passports_completed": summary.passports_completed,
        "questions": summary.questions,
        "buildings": summary.buildings,
    }


FIGURES = ("pupils_joined", "stamps", "testimonials_watched", "passports_completed", "questions")


def freeze_summary(*, booking: Booking) -> SessionSummary:
    """Stores the session's figures (called by the purge before the activity goes)."""
    figures = _live_figures(booking)
    with transaction.atomic():
        summary, _created = SessionSummary.objects.update_or_create(
            booking=booking,
            defaults={
                **{name: figures[name] for name in FIGURES},
                "buildings": figures["buildings"],
            },
        )
    return summary


def activity_figures(*, edition) -> dict:
    """The edition's class-session activity, the same before and after the purge."""
    totals = dict.fromkeys(FIGURES, 0)
    for booking in Booking.objects.filter(slot__edition=edition).select_related("school_class"):
        summary = SessionSummary.objects.filter(booking=booking).first()
        figures = _summary_figures(summary) if summary else _live_figures(booking)
        for name in FIGURES:
            totals[name] += figures[name]
    return totals
