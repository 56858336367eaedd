import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from tests.fair.factories import BuildingFactory, open_edition
from tests.schools.factories import PupilFactory, SchoolClassFactory, SchoolFactory, TeacherFactory
from usine.insights import recording, rollup, tasks
from usine.insights.models import DailyCount, Event, Kind
from usine.insights.visitors import departement_of, device_of, device_of_browser

pytestmark = pytest.mark.django_db


def test_a_pupil_is_counted_with_their_class_facts_and_no_name():
    school = SchoolFactory(uai="0130001R")
    school_class = SchoolClassFactory(teacher=TeacherFactory(school=school), level="bac_pro")
    pupil = PupilFactory(school_class=school_class)
    recording.record(kind=Kind.QUESTION, pupil=pupil)
    event = Event.objects.get()
    assert (event.visitor_kind, event.level, event.school_type, event.departement) == (
        "pupil",
        "bac_pro",
        "lycee_pro",
        "13",
    )
    assert len(event.visitor) == 16
    assert pupil.pseudonym not in event.visitor


def test_the_same_visitor_has_the_same_hash_all_day_and_a_new_one_with_a_new_salt(rf):
    open_edition()
    request = rf.get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox")
    request.user = AnonymousUser()
    request.session = SessionStore()
    recording.record(kind=Kind.PAGE, request=request, page="town")
    recording.record(kind=Kind.PAGE, request=request, page="text")
    first, second = Event.objects.order_by("pk").values_list("visitor", flat=True)
    assert first == second
    assert "192.0.2.7" not in first
    from usine.insights import visitors
    from usine.insights.models import DailySalt

    DailySalt.objects.all().delete()  # the next day: a new salt
    visitors.forget()
    recording.record(kind=Kind.PAGE, request=request, page="town")
    assert Event.objects.order_by("pk").last().visitor != first


def test_buffered_events_are_written_in_bulk_by_flush(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # the thread sleeps: only flush() writes
    building = BuildingFactory(edition=open_edition())
    for _ in range(5):
        recording.record(kind=Kind.BUILDING, building=building)
    assert Event.objects.count() == 0
    assert recording.flush() == 5
    assert Event.objects.filter(building=building).count() == 5


def test_each_round_writes_the_buffer_and_asks_the_task_worker_for_a_due_roll_up(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # the thread sleeps: the test runs the rounds
    settings.INSIGHTS_ROLLUP_SECONDS = 60
    cache.delete(rollup.DUE_KEY)
    building = BuildingFactory(edition=open_edition())
    recording.record(kind=Kind.BUILDING, building=building)

    recording.write_round()
    recording.record(kind=Kind.BUILDING, building=building)
    recording.write_round()  # within the minute: no second roll-up asked

    assert Event.objects.filter(building=building).count() == 2
    assert DailyCount.objects.count() == 0  # the web process rolled nothing up itself
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "usine.insights.tasks.roll_up_figures"
    ]
    assert tasks.roll_up_figures.call() == 1  # as the worker runs it: today rolled up
    assert DailyCount.objects.get(building=building).events == 2


@pytest.mark.django_db(transaction=True)  # foreign keys are checked when a transaction commits
def test_events_naming_a_deleted_building_are_dropped_and_the_others_written(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # the thread sleeps: only flush() writes
    edition = open_edition()
    kept, deleted = BuildingFactory(edition=edition), BuildingFactory(edition=edition)
    for building in (kept, deleted, kept):
        recording.record(kind=Kind.BUILDING, building=building)
    deleted.delete()
    assert recording.flush() == 2
    assert list(Event.objects.values_list("building", flat=True)) == [kept.pk, kept.pk]
    assert recording.flush() == 0  # nothing left to block later counts


def test_the_bulk_writer_writes_every_column_of_an_event():
    assert set(recording.COLUMNS) == {
        field.attname for field in Event._meta.concrete_fields if not field.primary_key
    }


def test_nothing_is_counted_when_no_edition_is_open():
    recording.record(kind=Kind.PAGE, page="town")
    assert Event.objects.count() == 0


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown event kind"):
        recording.record(kind="click")


def test_departements_and_devices():
    assert [departement_of(u) for u in ("0750654D", "6200001A", "9710001B", "")] == [
        "75",
        "2A",
        "971",
        "",
    ]
    assert [device_of(w) for w in (375, 800, 1920, None, "wide")] == [
        "phone",
        "tablet",
        "computer",
        "",
        "",
    ]


def test_devices_from_the_browsers_words():
    agents = [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", ""),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0 Mobile Safari/537.36", ""),
        ("Mozilla/5.0 (Linux; Android 13; SM-X200) Chrome/120.0 Safari/537.36", ""),
        ("Mozilla/5.0 (iPad; CPU OS 12_0 like Mac OS X) Mobile/15E148", ""),
        ("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36", ""),
        ("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36", "?1"),
        ("", ""),
    ]
    assert [device_of_browser(agent, hint) for agent, hint in agents] == [
        "phone",
        "phone",
        "tablet",
        "tablet",
        "computer",
        "phone",
        "",
    ]
