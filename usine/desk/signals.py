"""The public FAQ is part of the building's page: a change of it renews the town's cached parts."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from usine.town.signals import forget_town_on_change

from .models import DeskQuestion


@receiver(post_save, sender=DeskQuestion, dispatch_uid="desk-faq-saved")
def forget_town_on_faq_save(sender, instance, update_fields=None, **kwargs):
    if instance.published_at is not None or "published_at" in (update_fields or ()):
        forget_town_on_change(sender)


@receiver(post_delete, sender=DeskQuestion, dispatch_uid="desk-faq-deleted")
def forget_town_on_faq_delete(sender, instance, **kwargs):
    if instance.published_at is not None:
        forget_town_on_change(sender)
