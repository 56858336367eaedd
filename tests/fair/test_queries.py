import datetime

import pytest

from tests.fair.factories import EditionFactory, SessionSlotFactory
from usine.fair import queries
from usine.fair.models import Edition

pytestmark = pytest.mark.django_db


def test_the_open_edition_is_the_one_visitors_see():
    EditionFactory(state=Edition.State.ARCHIVED)
    shown = EditionFactory(state=Edition.State.OPEN)
    EditionFactory(state=Edition.State.DRAFT)

    assert queries.open_edition() == shown


def test_there_is_no_open_edition_between_editions():
    EditionFactory(state=Edition.State.ARCHIVED)

    assert queries.open_edition() is None


def test_between_editions_visitors_see_the_last_archived_one():
    EditionFactory(state=Edition.State.ARCHIVED, ends_on=datetime.date(2021, 11, 26))
    last = EditionFactory(
        state=Edition.State.ARCHIVED,
        starts_on=datetime.date(2022, 11, 21),
        ends_on=datetime.date(2022, 11, 25),
    )
    EditionFactory(
        state=Edition.State.DRAFT,
        starts_on=datetime.date(2023, 11, 20),
        ends_on=datetime.date(2023, 11, 24),
    )

    assert queries.shown_edition() == last
    assert last.takes_classes is False


def test_the_open_edition_is_shown_and_takes_classes():
    EditionFactory(state=Edition.State.ARCHIVED)
    shown = EditionFactory(state=Edition.State.OPEN)

    assert queries.shown_edition() == shown
    assert shown.takes_classes is True


def test_nothing_is_shown_before_the_first_edition_opens():
    EditionFactory(state=Edition.State.DRAFT)

    assert queries.shown_edition() is None


def test_slots_are_grouped_by_their_day_in_paris():
    edition = EditionFactory()
    # 23:30 UTC on Sunday is already Monday in Paris.
    late = SessionSlotFactory(
        edition=edition, starts_at=datetime.datetime(2031, 11, 23, 23, 30, tzinfo=datetime.UTC)
    )
    morning = SessionSlotFactory(
        edition=edition, starts_at=datetime.datetime(2031, 11, 24, 7, 30, tzinfo=datetime.UTC)
    )
    tuesday = SessionSlotFactory(
        edition=edition, starts_at=datetime.datetime(2031, 11, 25, 7, 30, tzinfo=datetime.UTC)
    )

    days = queries.slots_by_day(queries.edition_slots(edition=edition))

    assert days == [
        (datetime.date(2031, 11, 24), [late, morning]),
        (datetime.date(2031, 11, 25), [tuesday]),
    ]
