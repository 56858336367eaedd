from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver

from usine.fair.models import SessionSlot

from .models import Booking


@receiver(post_delete, sender=Booking)
def free_the_place(sender, instance, **kwargs):
    """Whatever deletes a booking (cancel, a deleted class or account), its place is freed at once.

    The cancel service locks the booking row first, so two cancels cannot both get here."""
    SessionSlot.objects.filter(pk=instance.slot_id, booked__gt=0).update(booked=F("booked") - 1)
