"""A prepared query gives the rows its queryset gives, with each request's values."""

import datetime
import threading

import pytest
from django.db import connections
from django.db.models import Count
from django.utils import timezone

from tests.schools.factories import PupilFactory, SchoolClassFactory
from usine.prepared import Prepared
from usine.schools.models import Pupil, SeatClaim

pytestmark = pytest.mark.django_db


def seats(class_id):
    return (
        Pupil.objects.filter(school_class_id=class_id)
        .annotate(claims=Count("seat_claim"))
        .order_by("pk")
        .values_list("pk", "seat_claim__last_seen_at", "claims")
    )


def test_the_rows_are_the_querysets_for_each_value(django_assert_num_queries):
    seen = timezone.now() - datetime.timedelta(seconds=5)
    classes = [SchoolClassFactory(), SchoolClassFactory()]
    for school_class in classes:
        PupilFactory(school_class=school_class)
        seated = PupilFactory(school_class=school_class)
        SeatClaim.objects.create(pupil=seated, session_key=f"s{seated.pk}", last_seen_at=seen)
    prepared = Prepared(seats, values=1)
    for school_class in classes:
        expected = list(seats(school_class.pk))
        with django_assert_num_queries(1):
            rows = prepared.rows(school_class.pk)
        assert rows == expected
        assert rows[1][1] == seen  # an aware datetime, as the ORM reads it
    assert prepared.rows(10**9) == []


def test_a_query_whose_columns_the_rows_would_not_keep_in_order_is_refused():
    def reordered(class_id):  # an annotation named before a field
        return (
            Pupil.objects.filter(school_class_id=class_id)
            .annotate(claims=Count("seat_claim"))
            .values_list("claims", "pk")
        )

    with pytest.raises(ValueError, match="lists its fields, then its annotations"):
        Prepared(reordered, values=1).rows(1)
    with pytest.raises(ValueError, match="each value of a prepared query appears once"):
        Prepared(lambda class_id: Pupil.objects.all().values_list("pk"), values=1).rows(1)


@pytest.mark.django_db(transaction=True)
def test_the_sql_is_compiled_once_for_every_thread():
    """Under ASGI each request runs in a thread of its own."""
    school_class = SchoolClassFactory()
    PupilFactory(school_class=school_class)
    built = []

    def build(class_id):
        built.append(class_id)
        return seats(class_id)

    prepared = Prepared(build, values=1)
    found = []

    def read():
        try:
            found.append(prepared.rows(school_class.pk))
        finally:
            connections.close_all()

    for _ in range(3):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert found == [list(seats(school_class.pk))] * 3
    assert len(built) == 1


def named(class_id, pupil_ids):
    return (
        Pupil.objects.filter(school_class_id=class_id, pk__in=pupil_ids)
        .order_by("pk")
        .values_list("pk", "pseudonym")
    )


def test_a_list_value_gives_the_rows_of_its_elements_whatever_its_length(
    django_assert_num_queries,
):
    school_class = SchoolClassFactory()
    pupils = [PupilFactory(school_class=school_class) for _ in range(5)]
    PupilFactory()  # of another class
    built = []

    def build(class_id, pupil_ids):
        built.append(len(pupil_ids))
        return named(class_id, pupil_ids)

    prepared = Prepared(build, values=2)
    for chosen in ([pupils[0]], pupils[1:3], pupils[:3], pupils, {*pupils[2:]}):
        ids = [pupil.pk for pupil in chosen]
        with django_assert_num_queries(1):
            rows = prepared.rows(school_class.pk, ids)
        assert rows == list(named(school_class.pk, ids))
        assert [pk for pk, _pseudonym in rows] == sorted(ids)
    # Three and four ids share one compiled form; five take the form of eight.
    assert built == [1, 2, 4, 8]


def test_an_empty_list_matches_no_row_without_asking_the_database(django_assert_num_queries):
    prepared, school_class = Prepared(named, values=2), SchoolClassFactory()
    with django_assert_num_queries(0):
        assert prepared.rows(school_class.pk, []) == []


def test_a_prepared_query_is_given_as_many_values_as_it_takes():
    with pytest.raises(TypeError, match="of 2 values was given 1"):
        Prepared(named, values=2).rows([1])
