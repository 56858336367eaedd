"""The organizers' message to every teacher of a session slot (a late start, a change of plan):
stored, e-mailed to each teacher on their own (no one sees the others' addresses), and shown on
the fair-day console as sent."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from usine.fair.models import SessionSlot
from usine.schools.models import Booking

from .models import SlotMessage
from .services import ProfessionalsError

logger = logging.getLogger(__name__)


def send_to_teachers(*, slot: SessionSlot, text: str, by=None) -> SlotMessage:
    text = (text or "").strip()
    if not text:
        raise ProfessionalsError(_("Écrivez d'abord le message."), field="text")
    if len(text) > SlotMessage.MAX_LENGTH:
        raise ProfessionalsError(
            _("Le message dépasse %(max)s caractères.") % {"max": SlotMessage.MAX_LENGTH},
            field="text",
        )
    bookings = list(
        Booking.objects.filter(slot=slot)
        .select_related("school_class__teacher__user")
        .order_by("pk")
    )
    addresses = sorted(
        {b.school_class.teacher.user.email for b in bookings if b.school_class.teacher.user.email}
    )
    if not addresses:
        raise ProfessionalsError(_("Aucune classe n'a réservé ce créneau."), field="text")
    with transaction.atomic():
        message = SlotMessage.objects.create(
            slot=slot, sent_by=by, text=text, recipients=len(addresses)
        )
        transaction.on_commit(lambda: _send(message=message, addresses=addresses))
    return message


def _send(*, message: SlotMessage, addresses: list[str]) -> None:
    subject = _("Usine : message de l'organisation pour votre session du %(slot)s") % {
        "slot": message.slot
    }
    body = render_to_string("professionals/organizer/email/slot_message.txt", {"message": message})
    try:
        with get_connection() as connection:
            for address in addresses:
                EmailMessage(
                    subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
                ).send()
    except Exception:  # logged; the console shows the message as stored
        logger.exception("slot message %s not sent", message.pk)
