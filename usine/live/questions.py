"""Questions and moderation in a live room: ask, upvote, approve, hide, mute.

Each service runs in one transaction that holds the room's row lock, stores what changed, the
room events that tell it (numbered from the room's sequence) and, for moderation, the audit-log
line; it returns the events for the caller to broadcast once committed — stored first, so a
client that missed a broadcast finds the event when it syncs. Asks, upvotes and approvals come
by the dozen a second: a process writes those of a room together (`handle_many`).

A pupil's question goes to the moderators only (`question.asked`); the class and the professional
see it once a moderator approves it (`question.approved`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from usine import sockets
from usine.inputs import clean_text
from usine.schools.models import Pupil

from . import mutes, question_reads, slow_mode, word_filter
from .access import PUPIL, Member
from .models import (
    QUESTION_MAX_LENGTH,
    AskAllowance,
    LiveRoom,
    ModerationAction,
    Mute,
    Question,
    RoomEvent,
    Upvote,
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


# --- What the audience asks, and approvals: written together -------------------------------------
#
# A room's asks, votes and approvals come by the dozen a second at the design point. Each used to
# take the room's row lock in a transaction of its own while holding one of the process's few
# database threads, the games' point counted inside it: the room's requests waited for each
# other on the lock, the threads with them, and the whole process's sockets behind those. Now a
# process gathers a room's requests (`rooms.requests`) and writes those of the moment together
# (`handle_many`): the room locked once, what the rules need read once for all of them, each
# request decided in order against what the ones before it did, then written in a few bulk
# statements; the points and counts come after the commit, off the room's lock.

# Sent once the questions are committed, with `questions` (author loaded): counted (insights).
questions_asked = Signal()
# Sent once the approvals are committed, with `questions` (author loaded): scored (games).
questions_approved = Signal()

# A phone number split across questions is read across the pupil's latest ones.
SPLIT_NUMBER_WINDOW = timedelta(minutes=5)
SPLIT_NUMBER_QUESTIONS = 3


def ask(*, room_id: int, member: Member, text, now=None) -> Outcome:
    return _one(handle_many(room_id=room_id, requests=[("ask", member, {"text": text})], now=now))


def upvote(*, room_id: int, member: Member, question_id) -> Outcome:
    return _one(
        handle_many(room_id=room_id, requests=[("upvote", member, {"question_id": question_id})])
    )


def approve(*, room_id: int, member: Member, question_id) -> Outcome:
    return _one(
        handle_many(room_id=room_id, requests=[("approve", member, {"question_id": question_id})])
    )


def handle_many(*, room_id: int, requests: list[tuple[str, Member, dict]], now=None) -> list:
    """Carry out a room's requests (name in ACTIONS, member, arguments) in the order they came:
    for each, its Outcome or the exception refusing it (a refused one leaves the others done).
    Asks, upvotes and approvals in a row are written together in one transaction; the others
    (rare: hide, report, mute, unmute) each in its own, as when made alone."""
    outcomes: list = []
    start = 0
    while start < len(requests):
        end = start + 1
        if requests[start][0] in TOGETHER:
            while end < len(requests) and requests[end][0] in TOGETHER:
                end += 1
            outcomes += _together(room_id, requests[start:end], now=now)
        else:
            name, member, arguments = requests[start]
            try:
                outcomes.append(ACTIONS[name](room_id=room_id, member=member, **arguments))
            except Exception as refused:  # ModerationError; the database failing is told alike
                outcomes.append(refused)
        start = end
    return outcomes


def _one(outcomes: list) -> Outcome:
    if isinstance(outcomes[0], Exception):
        raise outcomes[0]
    return outcomes[0]


def _together(room_id: int, requests: list, *, now) -> list:
    """Asks, upvotes and approvals of one room in one transaction (see above)."""
    now = now or timezone.now()
    outcomes: list = [None] * len(requests)
    checked = []
    for index, (name, member, arguments) in enumerate(requests):
        try:
            checked.append((index, name, member, CHECKS[name](member, **arguments)))
        except ModerationError as refused:
            outcomes[index] = refused
    if not checked:
        return outcomes
    try:
        with transaction.atomic():
            room = question_reads.locked_room(room_id)
            if room is None:
                raise ModerationError("not_found", _("Ce direct n'existe pas."))
            batch = _Round(room, checked, now=now)
            for index, name, member, value in checked:
                try:
                    outcomes[index] = getattr(batch, name)(member, value)
                except ModerationError as refused:
                    outcomes[index] = refused
            batch.store()
    except Exception as failed:  # the room gone; the database failing is told alike
        for index, _name, _member, _value in checked:
            outcomes[index] = failed
    return outcomes


def _check_ask(member: Member, *, text) -> str:
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
    return text


def _check_upvote(member: Member, *, question_id) -> int | None:
    if member.role != PUPIL:
        raise ModerationError("forbidden", _("Seuls les élèves votent pour les questions."))
    return _int_or_none(question_id)


def _check_approve(member: Member, *, question_id) -> int | None:
    _require_moderator(member)
    return _int_or_none(question_id)


CHECKS = {"ask": _check_ask, "upvote": _check_upvote, "approve": _check_approve}
TOGETHER = frozenset(CHECKS)


class _Round:
    """One transaction's asks, upvotes and approvals: what the rules need, read once under the
    room's lock; each request decided in order in memory (nothing is written for a refused
    one), then everything written by `store` in a statement or two of each kind."""

    def __init__(self, room: LiveRoom, checked: list, *, now):
        self.room = room
        self.now = now
        askers = {member.pupil_id for _i, name, member, _v in checked if name == "ask"}
        voters = {member.pupil_id for _i, name, member, _v in checked if name == "upvote"}
        wanted = {value for _i, name, _m, value in checked if name != "ask" and value is not None}
        self.pupils = question_reads.pupils(askers | voters)
        self.questions = question_reads.questions(room_id=room.pk, ids=wanted)
        self.voted = question_reads.votes(question_ids=list(self.questions), pupil_ids=voters)
        self.muted, self.allowances, self.recent = set(), {}, defaultdict(list)
        if askers:
            self.muted = set(
                Mute.objects.filter(room=room, pupil_id__in=askers)
                .filter(mutes.in_force(now))
                .values_list("pupil_id", flat=True)
            )
            self.allowances = {
                allowance.pupil_id: allowance
                for allowance in AskAllowance.objects.filter(room=room, pupil_id__in=askers)
            }
            # By when they were stored (the clock's, whatever `now` the caller gives).
            since = timezone.now() - SPLIT_NUMBER_WINDOW
            for author, text in (
                Question.objects.filter(room=room, author_id__in=askers, created_at__gte=since)
                .order_by("created_at", "pk")
                .values_list("author_id", "text")
            ):
                self.recent[author].append(text)
        self.new_allowances: set[int] = set()
        self.taken: set[int] = set()
        self.asked: list[Question] = []
        self.votes: list[Upvote] = []
        self.approved: list[Question] = []
        self.audits: list[ModerationAction] = []
        # (outcome, kind, audience, payload or a function giving it once stored, pupil)
        self.events: list[tuple] = []
        self.replies: list[tuple] = []  # (outcome, a function giving its reply once stored)

    def _pupil(self, member: Member, message: str) -> Pupil:
        pupil = self.pupils.get(member.pupil_id)
        if pupil is None:  # the pseudonym freed or purged since the socket opened
            raise ModerationError("forbidden", message)
        if self.room.state == LiveRoom.State.ENDED:
            raise ModerationError("room_closed", _("L'échange est terminé."))
        return pupil

    def ask(self, member: Member, text: str) -> Outcome:
        pupil = self._pupil(member, _("Seuls les élèves posent des questions ici."))
        recent = self.recent[pupil.pk][-SPLIT_NUMBER_QUESTIONS:]
        verdict = word_filter.check(text, previous=recent)
        if pupil.pk in self.muted:
            raise ModerationError("muted", _("Tu ne peux plus poser de questions dans ce direct."))
        self._take_token(pupil)
        outcome = Outcome()
        if verdict.refused:
            self._audit(
                None, ModerationAction.Action.FILTER_BLOCK, pupil=pupil, reason=verdict.reason
            )
            self._event(
                outcome,
                "question.blocked",
                MODERATORS,
                {"pupil": _pupil_dict(pupil), "reason": verdict.reason},
                pupil=pupil,
            )
            outcome.refusal = ModerationError(
                "blocked",
                _(
                    "Pas de coordonnées ici : ni e-mail, ni téléphone, ni lien, ni réseau "
                    "social. Ta question n'a pas été envoyée."
                ),
                reason=verdict.reason,
            )
            return outcome
        question = Question(room=self.room, author=pupil, text=text, flag=verdict.reason or "")
        self.asked.append(question)
        self.recent[pupil.pk].append(text)
        if verdict.reason:
            self._audit(
                None, ModerationAction.Action.FILTER_FLAG, question=question, reason=verdict.reason
            )
        self._event(
            outcome,
            "question.asked",
            MODERATORS,
            lambda: {"question": _question_dict(question, moderator=True)},
            pupil=pupil,
        )
        self.replies.append(
            (outcome, lambda: {"question": _question_dict(question, moderator=False)})
        )
        return outcome

    def _take_token(self, pupil: Pupil) -> None:
        """Slow mode (`slow_mode`): a token bucket per pupil and room."""
        allowance = self.allowances.get(pupil.pk)
        if allowance is None:
            allowance = AskAllowance(
                room=self.room,
                pupil=pupil,
                tokens=slow_mode.settings_pair()[1],
                refilled_at=self.now,
            )
        bucket = slow_mode.Bucket(allowance.tokens, allowance.refilled_at)
        try:
            bucket = slow_mode.take(bucket, now=self.now)
        except slow_mode.TooSoon as soon:
            raise ModerationError(
                "slow_mode",
                _("Doucement ! Tu pourras poser une autre question dans %(s)d s.")
                % {"s": soon.retry_after},
                retry_after=soon.retry_after,
            ) from None
        if pupil.pk not in self.allowances:
            self.allowances[pupil.pk] = allowance
            self.new_allowances.add(pupil.pk)
        allowance.tokens, allowance.refilled_at = bucket.tokens, bucket.refilled_at
        self.taken.add(pupil.pk)

    def upvote(self, member: Member, question_id: int | None) -> Outcome:
        self._pupil(member, _("Seuls les élèves votent pour les questions."))
        question = self.questions.get(question_id)
        if question is None or question.state != Question.State.APPROVED:
            raise ModerationError("not_found", _("Cette question n'existe pas."))
        if question.author_id == member.pupil_id:
            raise ModerationError(
                "own_question", _("C'est ta question : ce sont les autres qui votent pour elle.")
            )
        if (question.pk, member.pupil_id) in self.voted:
            raise ModerationError("already_upvoted", _("Tu as déjà voté pour cette question."))
        self.voted.add((question.pk, member.pupil_id))
        self.votes.append(Upvote(question=question, pupil_id=member.pupil_id))
        question.upvotes += 1
        outcome = Outcome(reply={"upvotes": question.upvotes})
        self._event(
            outcome,
            "question.upvoted",
            EVERYONE,
            {"question_id": question.pk, "upvotes": question.upvotes},
        )
        return outcome

    def approve(self, member: Member, question_id: int | None) -> Outcome:
        question = self.questions.get(question_id)
        if question is None:
            raise ModerationError("not_found", _("Cette question n'existe pas."))
        if question.state != Question.State.PENDING:
            raise ModerationError(
                "invalid_state", _("Seule une question en attente peut être validée.")
            )
        question.state = Question.State.APPROVED
        self.approved.append(question)
        self._audit(member, ModerationAction.Action.APPROVE, question=question)
        outcome = Outcome(reply={"question_id": question.pk})
        self._event(
            outcome,
            "question.approved",
            EVERYONE,
            {"question": _question_dict(question, moderator=False)},
            pupil=question.author,
        )
        return outcome

    def _audit(self, member: Member | None, action, *, question=None, pupil=None, reason=""):
        """A line of the audit log (`member` None: the word filter acted)."""
        self.audits.append(
            ModerationAction(
                room=self.room,
                actor_id=member.user_id if member else None,
                actor_role=member.role if member else "filter",
                action=action,
                question=question,
                pupil=pupil if pupil is not None else (question.author if question else None),
                reason=reason,
            )
        )

    def _event(self, outcome: Outcome, kind: str, audience, payload, *, pupil=None) -> None:
        self.events.append((outcome, kind, audience, payload, pupil))

    def store(self) -> None:
        room = self.room
        if self.taken:
            new = [self.allowances[pk] for pk in self.taken & self.new_allowances]
            changed = [self.allowances[pk] for pk in self.taken - self.new_allowances]
            if new:
                AskAllowance.objects.bulk_create(new)
            if changed:
                AskAllowance.objects.bulk_update(changed, ["tokens", "refilled_at"])
        if self.asked:
            Question.objects.bulk_create(self.asked)
        if self.votes:
            Upvote.objects.bulk_create(self.votes)
            # The count read from the votes stored: the room's lock keeps it what the events say.
            Question.objects.filter(pk__in={vote.question_id for vote in self.votes}).update(
                upvotes=Subquery(
                    Upvote.objects.filter(question_id=OuterRef("pk"))
                    .order_by()
                    .values("question_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                )
            )
        if self.approved:
            Question.objects.filter(pk__in=[question.pk for question in self.approved]).update(
                state=Question.State.APPROVED
            )
        if self.audits:
            ModerationAction.objects.bulk_create(self.audits)
        for outcome, reply in self.replies:
            outcome.reply = reply()
        if self.events:
            rows = []
            for outcome, kind, audience, payload, pupil in self.events:
                room.last_event_seq += 1
                payload = payload() if callable(payload) else payload
                rows.append(
                    RoomEvent(
                        room=room,
                        seq=room.last_event_seq,
                        kind=kind,
                        audience=audience,
                        payload=payload,
                        pupil=pupil,
                    )
                )
                outcome.events.append(
                    Published(
                        room.pk,
                        room.last_event_seq,
                        str(audience),
                        sockets.event(room.last_event_seq, kind, payload),
                    )
                )
            LiveRoom.objects.filter(pk=room.pk).update(last_event_seq=room.last_event_seq)
            RoomEvent.objects.bulk_create(rows)
        # Counted and scored once committed, outside the room's lock.
        asked, approved = list(self.asked), list(self.approved)
        if asked:
            transaction.on_commit(
                lambda: questions_asked.send(sender=Question, questions=asked), robust=True
            )
        if approved:
            transaction.on_commit(
                lambda: questions_approved.send(sender=Question, questions=approved), robust=True
            )


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


# What a room's sockets ask of it (`handle_many`).
ACTIONS = {
    "ask": ask,
    "upvote": upvote,
    "approve": approve,
    "hide": hide,
    "report": report,
    "mute": mute,
    "unmute": unmute,
}


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
