"""The desk's person on camera, against a real Janus: who may go on camera and when, the slot's
end and the other ways the camera stops."""

import datetime
import socket

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.exhibits.factories import ExhibitorFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.professionals.factories import ProfessionalFactory
from tests.users.factories import UserFactory
from usine.desk import camera, tasks
from usine.desk.services import DeskError
from usine.exhibits import presence
from usine.exhibits.models import PresenceSlot
from usine.live import janus, video

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """A building of the open edition with its exhibitor at the desk now."""
    exhibitor = ExhibitorFactory()
    building = BuildingFactory(edition=open_edition(), company=exhibitor.company)
    slot = PresenceSlotFactory(building=building, host=exhibitor.user)
    return building, slot, exhibitor


def room_exists(live_janus, slot) -> bool:
    room = video.room_for(room_key=camera.room_key(slot.pk))
    return janus.room_exists(server=live_janus.server(), room_id=room.room_id)


def refusal(call) -> str:
    with pytest.raises(DeskError) as raised:
        call()
    return raised.value.code


def test_the_host_goes_on_camera_and_going_again_reuses_the_room(
    live_janus, desk, django_capture_on_commit_callbacks
):
    building, slot, exhibitor = desk
    with django_capture_on_commit_callbacks(execute=True):
        opened = camera.open_camera(user=exhibitor.user, slot_id=slot.pk)
    since = opened.camera_opened_at

    assert since is not None
    assert room_exists(live_janus, slot) is True
    assert camera.on_camera(building=building) == slot
    # The slot's end is queued once, for the slot's end.
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs["args"], queued.run_after) == (
        "usine.desk.tasks.end_camera",
        [slot.pk],
        slot.ends_at,
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = camera.open_camera(user=exhibitor.user, slot_id=str(slot.pk))
    assert again.camera_opened_at == since
    assert DBTaskResult.objects.count() == 1


def test_only_the_slots_host_of_the_buildings_company_goes_on_camera(live_janus, desk):
    building, slot, exhibitor = desk
    colleague = ExhibitorFactory(company=exhibitor.company)
    other_company = ExhibitorFactory()
    professional = ProfessionalFactory(company=exhibitor.company, edition=building.edition)

    for user in (colleague.user, other_company.user, professional.user, UserFactory()):
        assert refusal(lambda u=user: camera.open_camera(user=u, slot_id=slot.pk)) == "not_found"
    for bad_id in ("", "x", None, 2**63, -1):
        assert (
            refusal(lambda b=bad_id: camera.open_camera(user=exhibitor.user, slot_id=b))
            == "not_found"
        )
    # The host left the company: their slot is no longer a reason to go on camera.
    exhibitor.delete()
    host = type(exhibitor.user).objects.get(pk=slot.host_id)
    assert refusal(lambda: camera.open_camera(user=host, slot_id=slot.pk)) == "forbidden"

    assert PresenceSlot.objects.get().camera_opened_at is None
    assert room_exists(live_janus, slot) is False


def test_a_professional_hosting_the_slot_goes_on_camera(live_janus, desk):
    building, _slot, exhibitor = desk
    professional = ProfessionalFactory(company=exhibitor.company, edition=building.edition)
    slot = PresenceSlotFactory(building=building, host=professional.user)

    assert camera.open_camera(user=professional.user, slot_id=slot.pk).camera_opened_at


@pytest.mark.parametrize("minutes", [-61, 70])
def test_no_camera_before_or_after_the_presence(live_janus, desk, minutes):
    _building, slot, exhibitor = desk
    now = timezone.now() + datetime.timedelta(minutes=minutes)

    assert refusal(lambda: camera.open_camera(user=exhibitor.user, slot_id=slot.pk, now=now)) == (
        "closed"
    )
    assert room_exists(live_janus, slot) is False


def test_with_janus_away_nobody_is_told_the_desk_is_live(settings, desk):
    building, slot, exhibitor = desk
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.JANUS_URL = f"http://127.0.0.1:{port}/janus"

    assert refusal(lambda: camera.open_camera(user=exhibitor.user, slot_id=slot.pk)) == (
        "unavailable"
    )
    assert camera.on_camera(building=building) is None


def test_the_slots_end_stops_the_camera_and_closes_its_room(
    live_janus, desk, django_capture_on_commit_callbacks
):
    building, slot, exhibitor = desk
    camera.open_camera(user=exhibitor.user, slot_id=slot.pk)

    assert camera.end_camera(slot_id=slot.pk, now=slot.ends_at - datetime.timedelta(seconds=1)) is (
        False
    )
    assert camera.on_camera(building=building, now=slot.ends_at - datetime.timedelta(seconds=1))
    # Nobody is shown the camera past the end, task run or not.
    assert camera.on_camera(building=building, now=slot.ends_at) is None

    assert tasks.end_camera.call(slot.pk) == "nothing to end"
    PresenceSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.end_camera.call(slot.pk) == "ended"

    assert PresenceSlot.objects.get().camera_opened_at is None
    assert room_exists(live_janus, slot) is False
    assert camera.end_camera(slot_id=slot.pk + 1, now=slot.ends_at) is False


def test_the_host_stops_the_camera_and_may_go_on_again(
    live_janus, desk, django_capture_on_commit_callbacks
):
    building, slot, exhibitor = desk
    camera.open_camera(user=exhibitor.user, slot_id=slot.pk)
    assert refusal(lambda: camera.stop_camera(user=UserFactory(), slot_id=slot.pk)) == "not_found"

    with django_capture_on_commit_callbacks(execute=True):
        camera.stop_camera(user=exhibitor.user, slot_id=slot.pk)

    assert camera.on_camera(building=building) is None
    assert room_exists(live_janus, slot) is False
    camera.open_camera(user=exhibitor.user, slot_id=slot.pk)
    assert room_exists(live_janus, slot) is True


def test_a_presence_removed_on_camera_closes_its_room(
    live_janus, desk, django_capture_on_commit_callbacks
):
    _building, slot, exhibitor = desk
    camera.open_camera(user=exhibitor.user, slot_id=slot.pk)

    with django_capture_on_commit_callbacks(execute=True):
        presence.remove_slot(company=exhibitor.company, slot_id=slot.pk)

    assert room_exists(live_janus, slot) is False
