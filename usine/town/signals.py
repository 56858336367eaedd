"""Forget the cached town JSON and the pages' cached parts whenever something they show changes.

The town and the buildings' pages show editions, buildings, their companies, job profiles with
their training routes, published testimonials and demos with their videos and photos, the
presence slots at their desks and their FAQ (see `services.town_payload` and
exhibits/templates/exhibits/building.html; the FAQ's receivers are in usine/desk/signals.py),
and the Forum's programme (what is live and next, the Forum's pages).

Forgotten at once, for the writer's own next read, and again once the transaction commits: a
visitor's request that rebuilt the cache between the two read the rows from before the change.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import (
    Company,
    Demo,
    DemoPhoto,
    JobProfile,
    PresenceSlot,
    Testimonial,
    TrainingRoute,
)
from usine.fair.models import Building, Edition
from usine.forum.models import Speaker, Stage, Talk, TalkSpeaker
from usine.media.models import Video

from .services import forget_town

SHOWN = (
    *(Edition, Building, Company, JobProfile, TrainingRoute, Testimonial, Demo, DemoPhoto, Video),
    # Who is at the buildings' desks, and when.
    PresenceSlot,
    # The Forum: its building and "live now" / "next" in the town, its pages.
    *(Stage, Talk, Speaker, TalkSpeaker),
)


def forget_town_on_change(sender, **kwargs):
    forget_town()
    transaction.on_commit(forget_town)


for model in SHOWN:
    post_save.connect(forget_town_on_change, sender=model, dispatch_uid=f"town-{model.__name__}")
    post_delete.connect(forget_town_on_change, sender=model, dispatch_uid=f"town-{model.__name__}")


@receiver(m2m_changed, sender=JobProfile.training_routes.through)
def forget_town_on_routes_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        forget_town_on_change(sender)
