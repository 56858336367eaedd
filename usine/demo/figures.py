"""A week of synthetic, anonymous visits and questionnaire answers, so that the fair's figures
(usine/insights) have something to show right after `make run`. Written in bulk and rolled up
at once: a few seconds, whatever the day of the load."""

import datetime
import random

from django.utils import timezone

from usine.exhibits.models import Testimonial
from usine.fair.models import Building, Edition
from usine.insights import rollup, survey
from usine.insights.models import Device, Event, Kind, SurveyAnswer, VisitorKind
from usine.schools.models import SchoolClass

VISITORS_PER_DAY = 700
# Who visits, as the fair expects it (30,000 pupils of 100,000 visitors).
KINDS = [
    (VisitorKind.PUBLIC, 60),
    (VisitorKind.PUPIL, 32),
    (VisitorKind.TEACHER, 6),
    (VisitorKind.EXHIBITOR, 1),
    (VisitorKind.PROFESSIONAL, 1),
]
DEVICES = [(Device.COMPUTER, 68), (Device.PHONE, 22), (Device.TABLET, 10)]
# Pupils come in class hours; the public in the evening too.
HOURS = {
    VisitorKind.PUPIL: [(8, 3), (9, 5), (10, 5), (11, 4), (13, 3), (14, 5), (15, 5), (16, 2)],
    VisitorKind.PUBLIC: [
        (h, w)
        for h, w in zip(range(7, 23), [1, 2, 3, 3, 4, 5, 4, 3, 3, 4, 5, 6, 7, 6, 4, 2], strict=True)
    ],
}
PUPIL_FACTS = [
    {"level": "3e", "school_type": "college", "departement": "76"},
    {"level": "4e", "school_type": "college", "departement": "14"},
    {"level": "2nde", "school_type": "lycee", "departement": "76"},
    {"level": "bac_pro", "school_type": "lycee_pro", "departement": "27"},
    {"level": "cap", "school_type": "lycee_pro", "departement": "50"},
    {"level": "bts", "school_type": "higher", "departement": "61"},
]
# Talks of the demo Forum (forum.toml): watched live on the last day, their replays after.
TALKS = ["ouverture", "femmes-industrie", "se-former-apres-la-3e", "eolien-en-mer"]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def create_week(*, edition: Edition, now=None, seed: int = 16) -> int:
    """The edition's visits, rolled up; the number of events made. Once the fair has begun,
    its days up to `now` only (the dashboards' live figures then go on from there); before,
    the five days as if they were over."""
    now = now or timezone.now()
    rng = random.Random(seed)
    buildings = list(Building.objects.filter(edition=edition).order_by("pk"))
    if not buildings:
        return 0
    testimonials = {}
    for testimonial in Testimonial.objects.filter(
        company__buildings__edition=edition, published=True
    ).select_related("job"):
        testimonials.setdefault(testimonial.company_id, []).append(testimonial)
    # A few buildings draw most visitors, as in every fair.
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(buildings))]
    rng.shuffle(popularity)
    events = []
    days = [edition.starts_on + datetime.timedelta(days=n) for n in range(5)]
    begun = days[0] <= timezone.localdate(now)
    if begun:
        days = [day for day in days if day <= timezone.localdate(now)]
    for number, day in enumerate(days):
        for visitor in range(VISITORS_PER_DAY):
            kind = _pick(rng, KINDS)
            hour = _pick(rng, HOURS.get(kind, HOURS[VisitorKind.PUBLIC]))
            at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))
            )
            facts = {
                "edition": edition,
                "visitor_kind": kind,
                "device": _pick(rng, DEVICES),
                "visitor": f"demo{number}-{visitor:05d}",
                **(rng.choice(PUPIL_FACTS) if kind == VisitorKind.PUPIL else {}),
            }
            events.append(Event(kind=Kind.PAGE, page="town", at=at, **facts))
            for _visit in range(rng.randint(1, 6)):
                building = rng.choices(buildings, popularity)[0]
                at += datetime.timedelta(minutes=rng.randint(1, 6))
                events.append(Event(kind=Kind.BUILDING, building=building, at=at, **facts))
                for testimonial in testimonials.get(building.company_id, []):
                    if rng.random() < 0.35:
                        events.append(
                            Event(
                                kind=Kind.TESTIMONIAL,
                                building=building,
                                testimonial=testimonial,
                                trade_id=testimonial.job.trade_id if testimonial.job else None,
                                amount=rng.choice([15, 40, 70, 100, 100]),
                                at=at,
                                **facts,
                            )
                        )
            if rng.random() < 0.15:
                events.append(
                    Event(
                        kind=Kind.QUIZ,
                        building=building,  # the quiz of the last building visited
                        amount=rng.randint(0, 10),
                        at=at,
                        **facts,
                    )
                )
            if number == 4 and rng.random() < 0.3:
                events.append(
                    Event(
                        kind=_pick(rng, [(Kind.FORUM, 3), (Kind.REPLAY, 1)]),
                        page=rng.choice(TALKS),
                        amount=rng.randint(60, 2400),
                        at=at,
                        **facts,
                    )
                )
            if kind == VisitorKind.PUPIL and rng.random() < 0.1:
                events.append(Event(kind=Kind.QUESTION, at=at, **facts))
    if begun:
        events = [event for event in events if event.at <= now]
    Event.objects.bulk_create(events, batch_size=5000)
    # The past days closed (their raw events go, their counts stay), today's left open for the
    # visits to come; before the fair, rolled up as if the week were over.
    after = timezone.make_aware(datetime.datetime.combine(days[-1], datetime.time(23, 59)))
    rollup.roll_up(now=now if begun else after + datetime.timedelta(days=1))
    return len(events)


def create_answers(*, edition: Edition, seed: int = 16) -> int:
    """Questionnaire answers of the demo's classes, before and after their hour: girls start
    lower and move more, as the fair hopes."""
    rng = random.Random(seed)
    trades = list(survey.trade_choices(edition=edition))
    buildings = list(Building.objects.filter(edition=edition).values_list("pk", flat=True))
    answers, links = [], []
    for school_class in SchoolClass.objects.filter(edition=edition):
        for _pupil in range(school_class.pupil_count):
            gender = _pick(rng, [("girl", 45), ("boy", 45), ("other", 3), ("", 7)])
            base = 2.3 if gender == "girl" else 3.0
            before = min(5, max(1, round(rng.gauss(base, 1))))
            after = min(5, max(1, before + _pick(rng, [(0, 45), (1, 40), (2, 10), (-1, 5)])))
            for moment, score in (("before", before), ("after", after)):
                if rng.random() < 0.1:
                    continue  # some skip
                answers.append(
                    SurveyAnswer(
                        edition=edition,
                        school_class=school_class,
                        moment=moment,
                        score=score,
                        before_score=before if moment == "after" else None,
                        gender=gender,
                    )
                )
                links.append(
                    (
                        rng.sample(trades, k=min(len(trades), rng.randint(0, 3))),
                        rng.sample(buildings, k=min(len(buildings), rng.randint(3, 7)))
                        if moment == "after"
                        else [],
                    )
                )
    created = SurveyAnswer.objects.bulk_create(answers)
    trade_rows = SurveyAnswer.trades.through
    building_rows = SurveyAnswer.buildings.through
    trade_rows.objects.bulk_create(
        trade_rows(surveyanswer_id=answer.pk, trade_id=trade.pk)
        for answer, (chosen, _b) in zip(created, links, strict=True)
        for trade in chosen
    )
    building_rows.objects.bulk_create(
        building_rows(surveyanswer_id=answer.pk, building_id=building)
        for answer, (_t, visited) in zip(created, links, strict=True)
        for building in visited
    )
    return len(created)
