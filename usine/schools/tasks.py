from django_tasks import task

from . import booking
from .models import Booking


@task()
def send_booking_invitation(
    booking_id: int, site_url: str = "", from_waiting_list: bool = False
) -> str:
    """Background adapter: the database worker mails the invitation, so a slow mail server
    never holds a booking request (hundreds arrive together when booking opens)."""
    made = (
        Booking.objects.select_related("slot", "school_class__teacher__user")
        .filter(pk=booking_id)
        .first()
    )
    if made is None:
        return "cancelled"  # cancelled before the worker got to it: nothing to announce
    booking.send_invitation(booking=made, site_url=site_url, from_waiting_list=from_waiting_list)
    return "sent"
