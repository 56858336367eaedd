"""Drop the cached town JSON whenever something it shows changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Company, JobProfile, Testimonial

from .models import Building, Edition
from .services import forget_town

SHOWN_IN_TOWN = (Edition, Building, Company, JobProfile, Testimonial)


@receiver([post_save, post_delete])
def forget_town_on_change(sender, **kwargs):
    if sender in SHOWN_IN_TOWN:
        forget_town()


@receiver(m2m_changed)
def forget_town_on_relation_change(sender, **kwargs):
    if kwargs.get("model") in SHOWN_IN_TOWN:
        forget_town()
