from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Trade
from usine.fair.models import SessionSlot

from . import class_pages, join, passport, waiting_list
from .models import Booking, BuildingVisit, Pupil, School, SchoolClass, SeatClaim, Teacher


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


@receiver(post_save, sender=BuildingVisit)
def forget_new_stamp(sender, instance, created, **kwargs):
    """A visit made stamped (the demo, an import): the session bar shows its stamp. The passport's
    own stamps are forgotten where they are given (passport._announce); a ping's save is not."""
    if created and instance.stamped_at is not None:
        passport.forget_passport(pupil_id=instance.pupil_id)


@receiver(post_delete, sender=BuildingVisit)
def forget_lost_stamp(sender, instance, **kwargs):
    if instance.stamped_at is not None:
        passport.forget_passport(pupil_id=instance.pupil_id)


# What `join.shown_claim` keeps with a seat: its pupil, class, booking, slot, teacher and school.
# A change to one of them renews the versions of the pupils it concerns, and theirs only: a pupil
# joining, a teacher freeing a seat or editing a class leaves every other pupil's page on the
# cache. (Pings update a seat's building and last sight with `update()`: pages do not show them.)
# A row just created concerns nobody yet, except a seat, a pupil or a booking.
_PUPILS_OF = {
    SchoolClass: "school_class_id",
    SessionSlot: "school_class__booking__slot_id",
    Teacher: "school_class__teacher_id",
    School: "school_class__teacher__school_id",
}


def _pupils_of(model, instance, created: bool) -> list[int]:
    if model is SeatClaim:
        return [instance.pupil_id]
    if model is Pupil:
        return [instance.pk]
    if model is Booking:
        lookup, value = "school_class_id", instance.school_class_id
    elif created:
        return []
    else:
        lookup, value = _PUPILS_OF[model], instance.pk
    return list(Pupil.objects.filter(**{lookup: value}).values_list("pk", flat=True))


def forget_seats_on_change(sender, instance, created=False, **kwargs):
    pupil_ids = _pupils_of(sender, instance, created)
    if not pupil_ids:
        return
    # At once for the writer's next read, and once committed: a page drawn in between read the
    # rows from before the change.
    join.forget_seats(pupil_ids=pupil_ids)
    transaction.on_commit(lambda: join.forget_seats(pupil_ids=pupil_ids))


for model in (SeatClaim, Pupil, SchoolClass, Booking, SessionSlot, Teacher, School):
    post_save.connect(forget_seats_on_change, sender=model, dispatch_uid=f"seats-{model.__name__}")
    post_delete.connect(
        forget_seats_on_change, sender=model, dispatch_uid=f"seats-{model.__name__}"
    )


# What the teacher's pages of a class keep (class_pages.py): the class, its booking, slot and
# live room (live/signals.py), its wished trades and its pseudonyms.
def forget_class_on_change(sender, instance, created=False, **kwargs):
    if sender is SchoolClass:
        class_ids = [instance.pk]
    elif sender is SessionSlot:
        if created:
            return  # booked by nobody yet
        class_ids = Booking.objects.filter(slot_id=instance.pk).values_list(
            "school_class_id", flat=True
        )
    else:  # a booking or a pupil
        class_ids = [instance.school_class_id]
    class_pages.forget_classes(class_ids=class_ids)


for model in (SchoolClass, Booking, SessionSlot, Pupil):
    post_save.connect(forget_class_on_change, sender=model, dispatch_uid=f"class-{model.__name__}")
    post_delete.connect(
        forget_class_on_change, sender=model, dispatch_uid=f"class-{model.__name__}"
    )


@receiver(m2m_changed, sender=SchoolClass.wanted_trades.through)
def forget_class_on_wishes(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            class_pages.forget_classes(class_ids=[instance.pk])
    elif action == "pre_clear":  # a trade's wishes cleared: its classes, before they are gone
        class_pages.forget_classes(
            class_ids=instance.interested_classes.values_list("pk", flat=True)
        )
    elif action in ("post_add", "post_remove"):
        class_pages.forget_classes(class_ids=pk_set)


@receiver(post_save, sender=Trade)
def forget_classes_of_trade(sender, instance, created, **kwargs):
    """A trade renamed: the classes that wished it show its new label."""
    if not created:
        class_pages.forget_classes(
            class_ids=instance.interested_classes.values_list("pk", flat=True)
        )
