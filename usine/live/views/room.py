"""The live exchange's page, one per class session, shown according to the visitor's role.

- professional: their camera, the approved questions, the clock of the exchange;
- teacher: the video, the moderation queue, the approved questions, "end the exchange", the clock;
- organizer: like the teacher, without "end" (only the class's teacher ends its exchange);
- pupil: the video (watch only: the page never asks for a camera), ask a question, upvote.

The questions arrive over the room's WebSocket (frontend/src/live-room.js): on connecting, the page
syncs from event 0 and builds its lists from the stored events its role may see.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from usine.roles import teacher_required
from usine.schools import join
from usine.schools import services as schools_services
from usine.schools.errors import NoSession

from .. import access, services, video
from ..models import QUESTION_MAX_LENGTH, LiveRoom, Upvote
from ..questions import ModerationError
from .video import video_context, with_janus


def _room_or_404(pk) -> LiveRoom:
    return get_object_or_404(
        LiveRoom.objects.select_related(
            "booking__school_class__teacher", "booking__slot", "professional"
        ),
        pk=pk,
    )


@never_cache  # the page holds short-lived video tokens
@require_GET
def room(request, pk):
    live_room, member = access.request_room_member(request, pk)
    ended = live_room.state == LiveRoom.State.ENDED
    context = {
        "room": live_room,
        "member": member,
        "ended": ended,
        "is_moderator": member.is_moderator,
        "can_end": member.role == access.TEACHER,
        "can_ask": member.role == access.PUPIL,
        "shows_clock": member.role != access.PUPIL,
        "question_max_length": QUESTION_MAX_LENGTH,
        "room_config": _page_config(request, live_room, member, ended=ended),
        "room_messages": page_messages(),
    }
    if not ended:
        # Not once it is over: asking Janus for the room would open it again.
        display = ""
        if member.role in video.PUBLISHING_ROLES:
            display = request.user.get_full_name() or request.user.get_username()
        context.update(
            video_context(
                request=request,
                room_key=video.room_key(live_room),
                role=member.role,
                display=display,
            )
        )
    return with_janus(render(request, "live/room.html", context), request)


@require_POST
def end_exchange(request, pk):
    """The teacher's "end the exchange" button (a form: CSRF-protected, idempotent)."""
    live_room = _room_or_404(pk)
    member = access.request_member_or_404(request, live_room)
    try:
        outcome = services.end_exchange(room_id=live_room.pk, member=member)
    except ModerationError as refused:
        raise PermissionDenied(refused.message) from None
    services.broadcast(outcome.events)
    return redirect("live:room", pk=live_room.pk)


def _page_config(request, live_room: LiveRoom, member: access.Member, *, ended: bool) -> dict:
    timeline = live_room.booking.slot.timeline
    starts_at, ends_at = timeline.exchange_starts_at, timeline.ends_at
    config = {
        "socket": f"/ws/live/{live_room.pk}/",
        "role": member.role,
        "moderator": member.is_moderator,
        "maxLength": QUESTION_MAX_LENGTH,
        "ended": ended,
        # The browser corrects its own clock by the difference with the server's `now`.
        "clock": {
            "startsAt": starts_at.isoformat(),
            "endsAt": ends_at.isoformat(),
            "now": timezone.now().isoformat(),
        },
        "upvoted": [],
    }
    if member.role == access.PUPIL:
        # Her own questions are the ones she does not vote for.
        config["pseudonym"] = member.pseudonym
        config["upvoted"] = list(
            Upvote.objects.filter(pupil_id=member.pupil_id, question__room=live_room).values_list(
                "question_id", flat=True
            )
        )
    return config


def page_messages() -> dict:
    """Drawn once per language and process (every page of a class's pupils shows them); not
    to be changed by the caller."""
    return _page_messages(get_language())


@functools.lru_cache(maxsize=8)
def _page_messages(language: str) -> dict:  # `language`: the cache key
    """The texts the page's script shows, translated here ({…} are filled in by the script)."""
    return {
        "connecting": _("Connexion aux questions…"),
        "open": _("Questions connectées."),
        "closed": _("Connexion aux questions perdue, nouvelle tentative…"),
        "gone": _("Vous n'avez pas accès à cet échange."),
        # What goes wrong on this side of the socket (the server's refusals come translated).
        "errors": {
            "offline": _("Pas de connexion pour le moment : réessaie dans un instant."),
            "timeout": _("Le serveur ne répond pas : réessaie dans un instant."),
        },
        "sent": _("Ta question est envoyée. Elle s'affichera si elle est validée."),
        "empty": _("Écris d'abord ta question."),
        "counter": _("{count} / {max} caractères"),
        "by": _("par {pseudonym}"),
        # The script picks the form for the count (Intl.PluralRules: « 0 vote », "0 votes").
        "votes": {
            "one": ngettext("{count} vote", "{count} votes", 1),
            "other": ngettext("{count} vote", "{count} votes", 2),
        },
        "upvote": _("Voter pour cette question"),
        "upvoted": _("Vous avez voté"),
        "yours": _("Ta question"),
        "approve": _("Valider"),
        "approveLabel": _("Valider : {text}"),
        "hide": _("Masquer"),
        "hideLabel": _("Masquer : {text}"),
        "mute": _("Mettre en sourdine"),
        "muteLabel": _("Mettre {pseudonym} en sourdine jusqu'à la fin de l'échange"),
        "muted": _("en sourdine"),
        "unmute": _("Lever la sourdine"),
        "report": _("Signaler"),
        "reportLabel": _("Signaler à la modération : {text}"),
        "reported": _("Signalée"),
        "reportedDone": _("Merci : la modération va regarder cette question."),
        "reportedFlag": _("Signalée par un participant"),
        "unmuteLabel": _("Lever la sourdine de {pseudonym}"),
        "unmutedDone": _("{pseudonym} peut de nouveau poser des questions."),
        "flagged": _("Signalée : {reason}"),
        "flags": {
            "insult": _("insulte possible"),
            "email": _("adresse e-mail"),
            "phone": _("numéro de téléphone"),
            "url": _("lien"),
            "handle": _("pseudo de réseau social"),
        },
        "approvedDone": _("Question validée."),
        "hiddenDone": _("Question masquée."),
        "mutedDone": _("{pseudonym} est en sourdine."),
        "blocked": _("Questions bloquées par le filtre : {count}"),
        "noPending": _("Aucune question en attente."),
        "noApproved": _("Aucune question validée pour le moment."),
        "clockBefore": _("L'échange commence dans {time}."),
        "clockRunning": _("Temps restant : {time}"),
        "clockOver": _("Le temps de l'échange est écoulé."),
        "ended": _("L'échange est terminé. Merci à toutes et à tous !"),
        "confirmEnd": _("Terminer l'échange pour toute la classe ? Cela ne peut pas être annulé."),
    }


@never_cache
@require_GET
def class_exchange(request):
    """The pupil's way into the class's live exchange: the session bar's link at the end of the
    hour of exploration, and where joining late leads.

    The room is opened here, the first time anyone goes to it, rather than while the bar is
    drawn on every page of the town."""
    claim = join.claim_of(request.session)
    if claim is None:
        return redirect("schools:join")
    try:
        booking = join.booking_of(claim.pupil.school_class)
    except NoSession:
        return redirect("schools:join")
    return redirect("live:room", services.room_for_booking(booking=booking).pk)


@teacher_required
@require_GET
def teacher_exchange(request, pk):
    """The teacher's way into their class's live exchange, from the class list, the class page
    and the console. The room is opened here, as for the pupils."""
    school_class = schools_services.class_of(teacher=request.teacher, class_id=pk)
    try:
        booking = join.booking_of(school_class)
    except NoSession:
        raise Http404(_("Cette classe n'a pas de réservation.")) from None
    return redirect("live:room", services.room_for_booking(booking=booking).pk)
