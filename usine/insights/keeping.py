"""What an edition keeps after the purge: its figures, not its answers or its raw events."""

from django.db import transaction

from usine.schools.models import SchoolClass
from usine.schools.retention import purgeable_editions

from . import figures, survey
from .models import Event, FrozenFigures, SurveyAnswer
from .tables import Table


def figures_for_keeping(edition) -> dict:
    classes = SchoolClass.objects.filter(edition=edition)
    return {
        "organizer": [table.as_json() for table in figures.organizer_tables(edition)],
        "classes": {
            str(school_class.pk): [
                table.as_json() for table in survey.class_tables(school_class=school_class)
            ]
            for school_class in classes
        },
    }


def freeze_purged_editions(*, now=None) -> list[str]:
    """Freeze the figures of the editions the purge reached, then delete their answers and
    raw events (the roll-ups, already anonymous aggregates, stay)."""
    frozen = []
    for edition in purgeable_editions(now=now):
        with transaction.atomic():
            if not FrozenFigures.objects.filter(edition=edition).exists():
                FrozenFigures.objects.create(edition=edition, figures=figures_for_keeping(edition))
            SurveyAnswer.objects.filter(edition=edition).delete()
            Event.objects.filter(edition=edition).delete()
        frozen.append(edition.name)
    return frozen


def frozen_tables(edition, *, part="organizer", class_id=None) -> list[Table] | None:
    row = FrozenFigures.objects.filter(edition=edition).first()
    if row is None:
        return None
    data = row.figures[part]
    if class_id is not None:
        data = data.get(str(class_id), [])
    return [Table.from_json(table) for table in data]
