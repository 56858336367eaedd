"""Changes to the Forum's programme. Each owns its transaction; the town, the home page and the
Forum's pages hear of it through the cache signals (usine/town/signals.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import ForumError
from .models import Talk

# What may follow what: a talk goes on air, then ends; an ended talk may go back on air (the
# stream dropped and the organizer resumes it).
NEXT_STATES = {
    Talk.State.SCHEDULED: {Talk.State.LIVE},
    Talk.State.LIVE: {Talk.State.ENDED, Talk.State.SCHEDULED},
    Talk.State.ENDED: {Talk.State.LIVE},
}


def set_talk_state(*, talk: Talk, state: str) -> Talk:
    """Puts a talk on air, ends it, or takes it back to scheduled. Raises ForumError when the
    change makes no sense (ending a talk that never started)."""
    with transaction.atomic():
        talk = Talk.objects.select_for_update().get(pk=talk.pk)
        if state == talk.state:
            return talk
        if state not in NEXT_STATES.get(talk.state, set()):
            raise ForumError(
                _("« %(title)s » ne peut pas passer de l'état « %(from)s » à « %(to)s ».")
                % {
                    "title": talk.title,
                    "from": talk.get_state_display(),
                    "to": Talk.State(state).label if state in Talk.State.values else state,
                }
            )
        talk.state = state
        talk.save(update_fields=["state", "updated_at"])
    return talk
