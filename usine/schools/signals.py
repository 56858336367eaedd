from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from usine.fair.models import SessionSlot

from . import waiting_list
from .models import Booking


@receiver(post_delete, sender=Booking)
def free_the_place(sender, instance, **kwargs):
    """Whatever deletes a booking (cancel, a deleted class or account), its place is freed at once.

    The cancel service locks the booking row first, so two cancels cannot both get here. Once
    committed, the place goes to the first class on the slot's waiting list, if any."""
    SessionSlot.objects.filter(pk=instance.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    waiting_list.offer_after_commit(slot_id=instance.slot_id)


@receiver(post_save, sender=SessionSlot)
def offer_new_places(sender, instance, created, **kwargs):
    """An organizer who gives a slot more places gives them to the classes waiting first."""
    if not created:
        waiting_list.offer_after_commit(slot_id=instance.pk)
