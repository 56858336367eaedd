"""What other apps and the organizers' admin do to a class session that the live exchange's
audit log records."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from usine import admin_log
from usine.schools import class_pages
from usine.schools.console import seat_freed
from usine.schools.models import Booking

from .access import TEACHER
from .models import LiveRoom, ModerationAction, Mute, Question
from .services import room_for_booking

ADMIN = "admin"
ADMIN_ACTIONS = {
    admin_log.ADD: ModerationAction.Action.ADMIN_ADD,
    admin_log.CHANGE: ModerationAction.Action.ADMIN_CHANGE,
    admin_log.DELETE: ModerationAction.Action.ADMIN_DELETE,
}
DETAIL_MAX = ModerationAction._meta.get_field("detail").max_length


@receiver([post_save, post_delete], sender=LiveRoom)
def forget_class_of_room(sender, instance, **kwargs):
    """The class's pages (class_pages.py) and its pupils' room page (access.py) show the room."""
    class_pages.forget_classes(
        class_ids=Booking.objects.filter(pk=instance.booking_id).values_list(
            "school_class_id", flat=True
        )
    )


@receiver(post_save, sender=get_user_model())
def forget_classes_of_professional(sender, instance, created, **kwargs):
    """The room's page names its professional."""
    if not created:
        class_pages.forget_classes(
            class_ids=LiveRoom.objects.filter(professional=instance).values_list(
                "booking__school_class_id", flat=True
            )
        )


@receiver(seat_freed)
def log_freed_seat(sender, booking, pupil, by=None, **kwargs):
    """The teacher freed a pseudonym (signed its browser out): in the class's room log."""
    ModerationAction.objects.create(
        room=room_for_booking(booking=booking),
        actor=by if by is not None and by.is_authenticated else None,
        actor_role=TEACHER,
        action=ModerationAction.Action.FREE_SEAT,
        pupil=pupil,
    )


@receiver(admin_log.admin_edited)
def log_admin_edit(sender, user, objects, action, message, **kwargs):
    """An organizer added, changed or deleted a room, a question, a mute or a booking in the
    admin: one line each in the room's log. The object is named by its kind and number, never
    by its text (a pupil's question must not outlive the purge in the log)."""
    rows = []
    for obj in objects:
        concerned = _concerned(obj)
        if concerned is None:
            continue
        room, question, pupil = concerned
        # Stored, so in the site's language whatever the organizer's (as `message`).
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("%(kind)s n° %(number)s") % {
                "kind": str(obj._meta.verbose_name).capitalize(),
                "number": obj.pk,
            }
        if message:
            detail = f"{detail} : {message}"
        rows.append(
            ModerationAction(
                room=room,
                actor=user if user.is_authenticated else None,
                actor_role=ADMIN,
                action=ADMIN_ACTIONS[action],
                question=question,
                pupil=pupil,
                detail=detail[:DETAIL_MAX],
            )
        )
    ModerationAction.objects.bulk_create(rows)


def _concerned(obj):
    """(room, question, pupil) an edited object is about, or None for objects the log ignores."""
    if isinstance(obj, LiveRoom):
        return obj, None, None
    if isinstance(obj, Question):
        return obj.room, obj, None
    if isinstance(obj, Mute):
        return obj.room, None, obj.pupil
    if isinstance(obj, Booking):
        # Before its day a booking may have no room yet: the line names the booking alone.
        return LiveRoom.objects.filter(booking=obj).first(), None, None
    return None
