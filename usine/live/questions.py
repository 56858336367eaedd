"""Questions and moderation in a live room: ask, upvote, approve, hide, mute.

Each service runs in one transaction that holds the room's row lock, stores what changed, the
room events that tell it (numbered from the room's sequence) and, for moderation, the audit-log
line; it returns the events for the caller to broadcast once committed — stored first, so a
client that missed a broadcast finds the event when it syncs.

A pupil's question goes to the moderators only (`question.asked`); the class and the professional
see it once a moderator approves it (`question.approved`).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from usine import sockets
from usine.inputs import clean_text
from usine.schools.models import Pupil

from . import mutes, slow_mode, word_filter
from .access import PUPIL, Member
from .models import (
    QUESTION_MAX_LENGTH,
    AskAllowance,
    LiveRoom,
    ModerationAction,
    Mute,
    Question,
    RoomEvent,
)

EVERYONE = RoomEvent.Audience.EVERYONE
MODERATORS = RoomEvent.Audience.MODERATORS


class ModerationError(Exception):
    """A question or moderation request that cannot be done; nothing was stored."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class Published:
    """A stored room event, encoded once, ready to be broadcast."""

    room_id: int
    seq: int
    audience: str
    frame: str


@dataclass
class Outcome:
    events: list[Published] = field(default_factory=list)
    reply: dict = field(default_factory=dict)
    # Set when the request was refused but left a trace (the filter's refusals are logged).
    refusal: ModerationError | None = None


# --- Services -----------------------------------------------------------------------------------


# A phone number split across questions is read across the pupil's latest ones.
SPLIT_NUMBER_WINDOW = timedelta(minutes=5)


def _recent_questions(room, pupil) -> list[str]:
    """The pupil's last questions in the room, oldest first (by when they were stored)."""
    since = timezone.now() - SPLIT_NUMBER_WINDOW
    texts = (
        Question.objects.filter(room=room, author=pupil, created_at__gte=since)
        .order_by("-created_at")
        .values_list("text", flat=True)[:3]
    )
    return list(texts)[::-1]


def ask(*, room_id: int, member: Member, text, now=None) -> Outcome:
    if member.role != PUPIL:
        raise ModerationError("forbidden", _("Seuls les élèves posent des questions ici."))
    if text is not None and not isinstance(text, str):
        raise ModerationError("invalid", _("La question doit être un texte."))
    text = " ".join(clean_text(text or "").split())
    if not text:
        raise ModerationError("empty", _("La question est vide."))
    if len(text) > QUESTION_MAX_LENGTH:
        raise ModerationError(
            "too_long",
            _("La question est trop longue (%(max)d caractères au plus).")
            % {"max": QUESTION_MAX_LENGTH},
            max=QUESTION_MAX_LENGTH,
        )
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock_open_room(room_id)
        pupil = Pupil.objects.get(pk=member.pupil_id)
        verdict = word_filter.check(text, previous=_recent_questions(room, pupil))
        if Mute.objects.filter(room=room, pupil=pupil).filter(mutes.in_force(now)).exists():
            raise ModerationError("muted", _("Tu ne peux plus poser de questions dans ce direct."))
        _take_token(room=room, pupil=pupil, now=now)
        if verdict.refused:
            ModerationAction.objects.create(
                room=room,
                actor_role="filter",
                action=ModerationAction.Action.FILTER_BLOCK,
                pupil=pupil,
                reason=verdict.reason,
            )
            event = record_event(
                room,
                "question.blocked",
                MODERATORS,
                {"pupil": _pupil_dict(pupil), "reason": verdict.reason},
                pupil=pupil,
            )
            return Outcome(
                events=[event],
                refusal=ModerationError(
                    "blocked",
                    _(
                        "Pas de coordonnées ici : ni e-mail, ni téléphone, ni lien, ni réseau "
                        "social. Ta question n'a pas été envoyée."
                    ),
                    reason=verdict.reason,
                ),
            )
        question = Question.objects.create(
            room=room, author=pupil, text=text, flag=verdict.reason or ""
        )
        if verdict.reason:
            ModerationAction.objects.create(
                room=room,
                actor_role="filter",
                action=ModerationAction.Action.FILTER_FLAG,
                question=question,
                pupil=pupil,
                reason=verdict.reason,
            )
        event = record_event(
            room,
            "question.asked",
            MODERATORS,
            {"question": _question_dict(question, moderator=True)},
            pupil=pupil,
        )
    return Outcome(events=[event], reply={"question": _question_dict(question, moderator=False)})


def upvote(*, room_id: int, member: Member, question_id) -> Outcome:
    if member.role != PUPIL:
        raise ModerationError("forbidden", _("Seuls les élèves votent pour les questions."))
    with transaction.atomic():
        room = _lock_open_room(room_id)
        question = _question(room, question_id)
        if question.state != Question.State.APPROVED:
            raise ModerationError("not_found", _("Cette question n'existe pas."))
        # Every vote of the room holds its lock: what is read here stays true until the commit
        # (no savepoint to catch a duplicate, no count read again: 50 votes a second at the
        # design point).
        if question.votes.filter(pupil_id=member.pupil_id).exists():
            raise ModerationError("already_upvoted", _("Tu as déjà voté pour cette question."))
        question.votes.create(pupil_id=member.pupil_id)
        Question.objects.filter(pk=question.pk).update(upvotes=F("upvotes") + 1)
        question.upvotes += 1
        event = record_event(
            room,
            "question.upvoted",
            EVERYONE,
            {"question_id": question.pk, "upvotes": question.upvotes},
        )
    return Outcome(events=[event], reply={"upvotes": question.upvotes})


def report(*, room_id: int, member: Member, question_id) -> Outcome:
    """A pupil or the professional reports an approved question to the moderators. The first
    report tells them (the question shows as reported); every report is in the audit log."""
    if member.is_moderator:
        raise ModerationError("forbidden", _("Les modérateurs masquent la question eux-mêmes."))
    with transaction.atomic():
        room = _lock_open_room(room_id)
        question = _question(room, question_id)
        if question.state != Question.State.APPROVED:
            raise ModerationError("not_found", _("Cette question n'existe pas."))
        first = not question.moderation_actions.filter(
            action=ModerationAction.Action.REPORT
        ).exists()
        _audit(room, member, ModerationAction.Action.REPORT, question=question)
        events = []
        if first:
            events.append(
                record_event(
                    room,
                    "question.reported",
                    MODERATORS,
                    {"question_id": question.pk},
                    pupil=question.author,
                )
            )
    return Outcome(events=events, reply={"question_id": question.pk})


def approve(*, room_id: int, member: Member, question_id) -> Outcome:
    _require_moderator(member)
    with transaction.atomic():
        room = lock_room(room_id)
        question = _question(room, question_id)
        if question.state != Question.State.PENDING:
            raise ModerationError(
                "invalid_state", _("Seule une question en attente peut être validée.")
            )
        question.state = Question.State.APPROVED
        question.save(update_fields=["state"])
        _audit(room, member, ModerationAction.Action.APPROVE, question=question)
        event = record_event(
            room,
            "question.approved",
            EVERYONE,
            {"question": _question_dict(question, moderator=False)},
            pupil=question.author,
        )
    return Outcome(events=[event], reply={"question_id": question.pk})


def hide(*, room_id: int, member: Member, question_id) -> Outcome:
    _require_moderator(member)
    with transaction.atomic():
        room = lock_room(room_id)
        question = _question(room, question_id)
        if question.state == Question.State.HIDDEN:
            raise ModerationError("invalid_state", _("Cette question est déjà masquée."))
        # The class saw an approved question: it must see it go. A pending one never left
        # the moderators.
        audience = EVERYONE if question.state == Question.State.APPROVED else MODERATORS
        question.state = Question.State.HIDDEN
        question.save(update_fields=["state"])
        _audit(room, member, ModerationAction.Action.HIDE, question=question)
        event = record_event(room, "question.hidden", audience, {"question_id": question.pk})
    return Outcome(events=[event], reply={"question_id": question.pk})


def mute(*, room_id: int, member: Member, pupil_id, minutes=None, now=None) -> Outcome:
    """Mute a pseudonym in the room: for `minutes`, or until the end of the exchange."""
    _require_moderator(member)
    now = now or timezone.now()
    try:
        until = mutes.mute_until(minutes, now=now)
    except mutes.InvalidDuration as invalid:
        raise ModerationError("invalid", invalid.message) from None
    with transaction.atomic():
        room = lock_room(room_id)
        pupil = Pupil.objects.filter(
            pk=_int_or_none(pupil_id), school_class_id=room.booking.school_class_id
        ).first()
        if pupil is None:
            raise ModerationError("not_found", _("Cet élève n'est pas dans la classe."))
        Mute.objects.update_or_create(room=room, pupil=pupil, defaults={"until": until})
        _audit(
            room, member, ModerationAction.Action.MUTE, pupil=pupil, reason=f"{minutes or 0} min"
        )
        event = record_event(
            room,
            "pupil.muted",
            MODERATORS,
            {"pupil": _pupil_dict(pupil), "until": until.isoformat() if until else None},
            pupil=pupil,
        )
    return Outcome(events=[event], reply={"pupil_id": pupil.pk})


def unmute(*, room_id: int, member: Member, pupil_id) -> Outcome:
    """Lift a pseudonym's mute in the room (a mistake, or the pupil calmed down)."""
    _require_moderator(member)
    with transaction.atomic():
        room = lock_room(room_id)
        pupil = Pupil.objects.filter(
            pk=_int_or_none(pupil_id), school_class_id=room.booking.school_class_id
        ).first()
        if pupil is None:
            raise ModerationError("not_found", _("Cet élève n'est pas dans la classe."))
        deleted, _rows = Mute.objects.filter(room=room, pupil=pupil).delete()
        if not deleted:
            raise ModerationError("not_muted", _("Cet élève n'est pas en sourdine."))
        _audit(room, member, ModerationAction.Action.UNMUTE, pupil=pupil)
        event = record_event(
            room, "pupil.unmuted", MODERATORS, {"pupil": _pupil_dict(pupil)}, pupil=pupil
        )
    return Outcome(events=[event], reply={"pupil_id": pupil.pk})


# --- Replay -------------------------------------------------------------------------------------


def last_seq(*, room_id: int) -> int:
    return LiveRoom.objects.filter(pk=room_id).values_list("last_event_seq", flat=True).first() or 0


def last_seqs(*, room_ids) -> dict[int, int]:
    """`last_seq` of several rooms in one query (a room that no longer exists is left out)."""
    return dict(LiveRoom.objects.filter(pk__in=list(room_ids)).values_list("pk", "last_event_seq"))


def stored_events(*, room_id: int, after: int, upto: int | None, moderator: bool):
    """(seq, audience, frame) of the room's events in (after, upto], those the audience may see."""
    events = RoomEvent.objects.filter(room_id=room_id, seq__gt=after).order_by("seq")
    if upto is not None:
        events = events.filter(seq__lte=upto)
    if not moderator:
        events = events.filter(audience=EVERYONE)
    return [
        (seq, audience, sockets.event(seq, kind, payload))
        for seq, audience, kind, payload in events.values_list("seq", "audience", "kind", "payload")
    ]


# --- Helpers ------------------------------------------------------------------------------------


def lock_room(room_id) -> LiveRoom:
    room = LiveRoom.objects.select_for_update().select_related("booking").filter(pk=room_id).first()
    if room is None:
        raise ModerationError("not_found", _("Ce direct n'existe pas."))
    return room


def _lock_open_room(room_id) -> LiveRoom:
    room = lock_room(room_id)
    if room.state == LiveRoom.State.ENDED:
        raise ModerationError("room_closed", _("L'échange est terminé."))
    return room


def _require_moderator(member: Member) -> None:
    if not member.is_moderator:
        raise ModerationError("forbidden", _("Seuls les modérateurs peuvent faire cela."))


def _int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _question(room: LiveRoom, question_id) -> Question:
    question = (
        Question.objects.select_related("author").filter(pk=_int_or_none(question_id), room=room)
    ).first()
    if question is None:
        raise ModerationError("not_found", _("Cette question n'existe pas."))
    return question


def _take_token(*, room: LiveRoom, pupil: Pupil, now) -> None:
    """Slow mode (`slow_mode`): a token bucket per pupil and room."""
    allowance, _created = AskAllowance.objects.select_for_update().get_or_create(
        room=room,
        pupil=pupil,
        defaults={"tokens": slow_mode.settings_pair()[1], "refilled_at": now},
    )
    try:
        bucket = slow_mode.take(slow_mode.Bucket(allowance.tokens, allowance.refilled_at), now=now)
    except slow_mode.TooSoon as soon:
        raise ModerationError(
            "slow_mode",
            _("Doucement ! Tu pourras poser une autre question dans %(s)d s.")
            % {"s": soon.retry_after},
            retry_after=soon.retry_after,
        ) from None
    allowance.tokens = bucket.tokens
    allowance.refilled_at = bucket.refilled_at
    allowance.save(update_fields=["tokens", "refilled_at"])


def record_event(
    room: LiveRoom, kind: str, audience: str, payload: dict, *, pupil=None
) -> Published:
    """Store the room's next event (the caller holds the room's lock) and encode it once."""
    room.last_event_seq += 1
    LiveRoom.objects.filter(pk=room.pk).update(last_event_seq=room.last_event_seq)
    RoomEvent.objects.create(
        room=room,
        seq=room.last_event_seq,
        kind=kind,
        audience=audience,
        payload=payload,
        pupil=pupil,
    )
    return Published(
        room.pk,
        room.last_event_seq,
        str(audience),
        sockets.event(room.last_event_seq, kind, payload),
    )


def _audit(room, member: Member, action, *, question=None, pupil=None, reason="") -> None:
    ModerationAction.objects.create(
        room=room,
        actor_id=member.user_id,
        actor_role=member.role,
        action=action,
        question=question,
        pupil=pupil if pupil is not None else (question.author if question else None),
        reason=reason,
    )


def _pupil_dict(pupil: Pupil) -> dict:
    return {"id": pupil.pk, "pseudonym": pupil.pseudonym}


def _question_dict(question: Question, *, moderator: bool) -> dict:
    data = {
        "id": question.pk,
        "text": question.text,
        "pseudonym": question.author.pseudonym,
        "state": question.state,
        "upvotes": question.upvotes,
        "asked_at": question.created_at.isoformat(),
    }
    if moderator:
        data["pupil_id"] = question.author_id
        data["flag"] = question.flag
    return data
