# ruff: noqa: F811
import pytest

# The session's Janus: a fixture imported here, used as a parameter below.
from tests.live.janus_server import janus_server  # noqa: F401
from usine.desk import camera
from usine.exhibits.models import PresenceSlot


@pytest.fixture
def live_janus(janus_server, settings):
    """The session's Janus for the desk's camera; the test's rooms are closed after it (ids
    come back after a rollback, and a room's key is made of its presence's id)."""
    for name, value in janus_server.settings().items():
        setattr(settings, name, value)
    yield janus_server
    for slot_id in PresenceSlot.objects.values_list("pk", flat=True):
        camera.close_room(camera.room_key(slot_id))
