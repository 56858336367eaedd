"""The public FAQ is part of the building's page: a change of it renews the town's cached parts.
A presence removed while its host is on camera closes its video room."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import PresenceSlot
from usine.town.signals import forget_town_on_change

from . import camera
from .models import DeskQuestion


@receiver(post_save, sender=DeskQuestion, dispatch_uid="desk-faq-saved")
def forget_town_on_faq_save(sender, instance, update_fields=None, **kwargs):
    if instance.published_at is not None or "published_at" in (update_fields or ()):
        forget_town_on_change(sender)


@receiver(post_delete, sender=DeskQuestion, dispatch_uid="desk-faq-deleted")
def forget_town_on_faq_delete(sender, instance, **kwargs):
    if instance.published_at is not None:
        forget_town_on_change(sender)


@receiver(post_delete, sender=PresenceSlot, dispatch_uid="desk-camera-slot-deleted")
def close_camera_of_removed_slot(sender, instance, **kwargs):
    if instance.camera_opened_at is not None:
        key = camera.room_key(instance.pk)
        transaction.on_commit(lambda: camera.close_room(key))
