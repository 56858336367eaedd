import logging

from django.dispatch import receiver
from django_tasks import task

from usine.exhibits.models import PresenceSlot

from . import camera

logger = logging.getLogger(__name__)


@task()
def end_camera(slot_id: int) -> str:
    """Background adapter: at a presence's end, its host's camera stops (camera.end_camera)."""
    return "ended" if camera.end_camera(slot_id=slot_id) else "nothing to end"


@receiver(camera.camera_opened, sender=PresenceSlot, dispatch_uid="desk.queue_camera_end")
def queue_camera_end(sender, slot, **kwargs):
    try:
        end_camera.using(run_after=slot.ends_at).enqueue(slot.pk)
    except Exception:
        # Not queued: the pages still stop the video at the slot's end (their version polling
        # reloads them, and no page shows the camera past the slot); the Janus room is left
        # until Janus restarts.
        logger.exception("the end of the camera of presence %s is not queued", slot.pk)
