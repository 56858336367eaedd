"""A small edition with classes and professionals, shared by the professionals' tests.

Three slots (two on Monday 24 November 2031, one on Tuesday; 08:30 UTC is 09:30 in Paris), two
trades (each presented by one company), four booked classes and four professionals, one of whom
has not accepted the charter:

    class   slot      wants    |  professional  job     slots        per day  charter
    c1      mon 1     weld     |  alice (w)     weld    s1 s2 s3     1        yes
    c2      mon 1     design   |  bob           design  s1 s3        3        yes
    c3      mon 2     weld     |  carol         weld    s1 s2 s3     3        NO
    c4      tue       design   |  dan           design  s2           3        yes

The only optimal schedule: c1 → alice, c2 → bob, c3 → dan (alice has used her one exchange of
Monday), c4 → bob (design matches; alice's weld would not).
"""

import datetime
from dataclasses import dataclass

from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory
from usine.professionals.models import Professional

UTC = datetime.UTC


@dataclass
class World:
    edition: object
    slots: list
    weld: object
    design: object
    classes: dict
    bookings: dict
    pros: dict


def build_world() -> World:
    edition = EditionFactory()
    welding, drawing = CompanyFactory(name="Vannes du Sud"), CompanyFactory(name="Bureau Nord")
    BuildingFactory(edition=edition, company=welding)
    BuildingFactory(edition=edition, company=drawing)
    weld = JobProfileFactory(company=welding, title="Soudeuse", trade=catalogue_trade("H2913"))
    design = JobProfileFactory(
        company=drawing, title="Dessinateur industriel", trade=catalogue_trade("H1203")
    )
    slots = [
        SessionSlotFactory(
            edition=edition, starts_at=datetime.datetime(2031, 11, 24, 8, 30, tzinfo=UTC)
        ),
        SessionSlotFactory(
            edition=edition, starts_at=datetime.datetime(2031, 11, 24, 10, 30, tzinfo=UTC)
        ),
        SessionSlotFactory(
            edition=edition, starts_at=datetime.datetime(2031, 11, 25, 8, 30, tzinfo=UTC)
        ),
    ]
    s1, s2, s3 = slots
    classes, bookings = {}, {}
    for name, slot, job in (
        ("c1", s1, weld),
        ("c2", s1, design),
        ("c3", s2, weld),
        ("c4", s3, design),
    ):
        school_class = SchoolClassFactory(edition=edition, name=f"3e {name}")
        school_class.wanted_trades.set([job.trade])
        classes[name] = school_class
        bookings[name] = BookingFactory(school_class=school_class, slot=slot)
    pros = {
        "alice": ProfessionalFactory(
            edition=edition,
            first_name="Alice",
            company=welding,
            job=weld,
            gender=Professional.Gender.WOMAN,
            max_per_day=1,
            slots=[s1, s2, s3],
        ),
        "bob": ProfessionalFactory(
            edition=edition, first_name="Bob", company=drawing, job=design, slots=[s1, s3]
        ),
        "carol": ProfessionalFactory(
            edition=edition,
            first_name="Carol",
            company=welding,
            job=weld,
            charter_accepted_at=None,
            slots=[s1, s2, s3],
        ),
        "dan": ProfessionalFactory(
            edition=edition, first_name="Dan", company=drawing, job=design, slots=[s2]
        ),
    }
    return World(edition, slots, weld, design, classes, bookings, pros)


def assignment_names(world: World, run) -> dict[str, str]:
    """class name → professional first name of a run."""
    by_booking = {b.pk: name for name, b in world.bookings.items()}
    return {
        by_booking[booking_id]: first_name
        for booking_id, first_name in run.assignments.values_list(
            "booking_id", "professional__first_name"
        )
    }
