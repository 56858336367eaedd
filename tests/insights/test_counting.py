import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore

from tests.fair.factories import BuildingFactory, open_edition
from usine.inputs import BadInput
from usine.insights import counting, recording
from usine.insights.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(rf):
    def count(data):
        request = rf.post("/api/compte", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox")
        request.user = AnonymousUser()
        request.session = SessionStore()
        counting.count_visit(request=request, data=data)

    return count


def test_a_buildings_visit_reads_no_row_once_the_buildings_are_known(
    visit, settings, django_assert_num_queries
):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # buffered: written by flush() below alone
    building = BuildingFactory(edition=open_edition())
    visit({"kind": "building", "building": building.slug})
    # The open edition, its buildings and the day's salt are known to the process now.
    with django_assert_num_queries(0):
        visit({"kind": "building", "building": building.slug})
    assert recording.flush() == 4
    assert Event.objects.filter(kind="building", building=building).count() == 2


def test_the_quick_way_counts_only_from_what_the_process_holds(
    visit, rf, settings, django_assert_num_queries
):
    settings.INSIGHTS_FLUSH_SECONDS = 3600  # buffered: written by flush() below alone
    building = BuildingFactory(edition=open_edition())
    request = rf.post("/api/compte", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox")
    seen = {"kind": "building", "building": building.slug, "width": 1280}
    with django_assert_num_queries(0):
        # Nothing known yet: the usual way will answer, nothing is counted.
        assert counting.count_known(request=request, data=seen) is False
    visit({"kind": "building", "building": building.slug})  # the usual way reads them
    with django_assert_num_queries(0):
        assert counting.count_known(request=request, data=seen) is True
        assert counting.count_known(request=request, data={"kind": "page", "page": "text"})
        for other in (
            {"kind": "building", "building": "nulle-part"},
            {"kind": "page", "page": "ailleurs"},
            {"kind": "page", "page": ["town"]},
            {"kind": "testimonial", "testimonial": 1, "share": 50},
        ):
            assert counting.count_known(request=request, data=other) is False
    assert recording.flush() == 5
    assert sorted(Event.objects.values_list("kind", "page", "device", "visitor_kind")) == [
        ("building", "", "", "public"),
        ("building", "", "computer", "public"),
        ("page", "building", "", "public"),
        ("page", "building", "computer", "public"),
        ("page", "text", "", "public"),
    ]


def test_the_quick_way_is_not_taken_when_each_event_is_written_at_once(visit, rf):
    building = BuildingFactory(edition=open_edition())
    visit({"kind": "building", "building": building.slug})
    request = rf.post("/api/compte", REMOTE_ADDR="192.0.2.7")
    assert counting.count_known(request=request, data={"kind": "page", "page": "town"}) is False


def test_a_building_added_since_is_counted_and_an_unknown_one_refused(visit):
    edition = open_edition()
    visit({"kind": "building", "building": BuildingFactory(edition=edition).slug})
    newcomer = BuildingFactory(edition=edition)
    visit({"kind": "building", "building": newcomer.slug})
    assert Event.objects.filter(kind="building", building=newcomer).count() == 1
    with pytest.raises(BadInput) as refused:
        visit({"kind": "building", "building": "nulle-part"})
    assert refused.value.message == "Bâtiment inconnu."
