"""What each dashboard page shows: live figures during an edition, its kept figures after the
purge."""

from usine.fair.models import Edition
from usine.schools.models import SchoolClass

from . import figures, keeping, survey
from .suppression import THRESHOLD


def default_edition() -> Edition | None:
    return (
        Edition.objects.filter(state=Edition.State.OPEN).first()
        or Edition.objects.order_by("-starts_on").first()
    )


def organizer_tables(*, edition):
    return keeping.frozen_tables(edition) or figures.organizer_tables(edition)


def organizer_page(*, edition) -> dict:
    frozen = keeping.frozen_tables(edition)
    return {
        "edition": edition,
        "editions": Edition.objects.order_by("-starts_on"),
        "tables": frozen or figures.organizer_tables(edition),
        "frozen": frozen is not None,
        "live": edition.state == Edition.State.OPEN,
        "without_women": figures.buildings_without_women(edition),
        "threshold": THRESHOLD,
    }


def exhibitor_page(*, company) -> dict:
    buildings = company.buildings.select_related("edition").order_by("-edition__starts_on")
    return {
        "company": company,
        "buildings": [
            {
                "building": building,
                "women": figures.women_of(building),
                "tables": [figures.building_figures(building)],
            }
            for building in buildings
        ],
        "threshold": THRESHOLD,
    }


def teacher_page(*, teacher, edition_slug=None) -> dict:
    classes = SchoolClass.objects.filter(teacher=teacher).select_related("edition")
    if edition_slug is not None:
        classes = classes.filter(edition__slug=edition_slug)
    editions = {}
    for school_class in classes.order_by("-edition__starts_on", "name"):
        editions.setdefault(school_class.edition, [])
        tables = keeping.frozen_tables(
            school_class.edition, part="classes", class_id=school_class.pk
        )
        editions[school_class.edition].append(
            {
                "school_class": school_class,
                "answers": survey.answer_count(school_class=school_class),
                "tables": tables
                if tables is not None
                else survey.class_tables(school_class=school_class),
            }
        )
    return {
        "editions": editions,
        "classes": [item for items in editions.values() for item in items],
        "threshold": THRESHOLD,
    }
