import logging

from django.dispatch import receiver
from django_tasks import task

from .booking import booking_confirmed, send_invitation
from .models import Booking

logger = logging.getLogger(__name__)


@task()
def send_booking_invitation(booking_id: int, from_waiting_list: bool = False) -> str:
    """Background adapter: the database worker mails the invitation, so a slow mail server
    never holds a booking request (hundreds arrive together when booking opens)."""
    made = (
        Booking.objects.select_related("slot", "school_class__teacher__user")
        .filter(pk=booking_id)
        .first()
    )
    if made is None:
        return "cancelled"  # cancelled before the worker got to it: nothing to announce
    send_invitation(booking=made, from_waiting_list=from_waiting_list)
    return "sent"


@receiver(booking_confirmed, sender=Booking, dispatch_uid="schools.queue_the_invitation")
def queue_the_invitation(sender, booking, from_waiting_list, **kwargs):
    """The booking is committed whatever happens next; the teacher can always download the
    invitation from the class page."""
    try:
        send_booking_invitation.enqueue(booking.pk, from_waiting_list)
    except Exception:
        logger.exception("booking invitation not queued (class %s)", booking.school_class_id)
