"""What a teacher sees of their class's live exchange, on the class list, the class page and
the console (schools' templates load this library: schools sits below professionals and does not
import it)."""

from django import template

from .. import fair_day

register = template.Library()


@register.inclusion_tag("professionals/teacher/_class_exchange.html")
def class_exchange(school_class, booking=None):
    """The trades the class wished and, once assigned, the professional it will meet."""
    professional = None
    if booking:  # a class without booking gives "" (the template's missing relation)
        professionals = fair_day.assigned_professionals(
            edition=booking.slot.edition, booking_ids=[booking.pk]
        )
        professional = professionals.get(booking.pk)
    return {
        "wished": [trade.label for trade in school_class.wanted_trades.all()],
        "booking": booking or None,
        "professional": professional,
    }


@register.inclusion_tag("professionals/teacher/_exchange_state.html")
def exchange_state(booking, pupils=None):
    """The live exchange's state for the teacher's console (refreshed by exchange_state.js).
    `pupils`: the console's presence rows, already read (the class is then not counted again)."""
    if pupils is None:
        return {"state": fair_day.class_state(booking=booking)}
    connected = sum(1 for pupil in pupils if pupil["connected"])
    state = fair_day.class_state(booking=booking, pupils=len(pupils), pupils_connected=connected)
    return {"state": state}
