"""Audience questions of a Forum talk: ask, upvote, and the organizers' moderation (approve,
hide, pin, mark answered).

The same rules as the questions of a live exchange, called from there rather than copied: the
word filter (`usine.live.word_filter`: contact details refused, insults flagged for the
moderators) and slow mode (`usine.live.slow_mode`). Every question, a pupil's or an adult's,
waits in the moderators' queue; the audience only ever reads approved ones. Moderators mute an
asker for some minutes or until the talk ends (`usine.live.mutes`' rule), and every decision,
the filter's too, goes to the audit log of the live exchanges (`ModerationAction`, with the talk).

No event is pushed per vote or per decision: the talk's sockets read the state (`snapshot`,
`queue`) about once a second (`usine.forum.rooms`), so thousands of viewers get one frame a
second whatever the rate of votes, and a frame lost on the way is made good by the next one.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.inputs import clean_text
from usine.live import mutes, slow_mode, word_filter
from usine.live.models import QUESTION_MAX_LENGTH, ModerationAction

from .audience import PUPIL, Attendee
from .clock import stream_seconds
from .models import AudienceAllowance, AudienceMute, AudienceQuestion, AudienceUpvote, Talk

APPROVED = AudienceQuestion.State.APPROVED
PENDING = AudienceQuestion.State.PENDING
HIDDEN = AudienceQuestion.State.HIDDEN

# What the audience's frame holds: the pinned question, the most voted, the latest approved
# (enough of them that at a question approved every 50 ms each shows in a couple of frames).
SNAPSHOT_TOP = 20
SNAPSHOT_RECENT = 50
# What the moderators' frame holds at most of each list.
QUEUE_MAX = 300
# A phone number cut over several questions is read across the asker's latest ones.
SPLIT_NUMBER_WINDOW = timedelta(minutes=5)


class QuestionError(Exception):
    """A request that cannot be done; nothing was stored."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


# --- Asking and voting ----------------------------------------------------------------------------


def ask(*, talk_id: int, attendee: Attendee, text, now=None) -> dict:
    """Store a question in the moderators' queue; the asker's view of it."""
    if not attendee.may_ask:
        raise QuestionError("forbidden", _("Connectez-vous pour poser une question."))
    if text is not None and not isinstance(text, str):
        raise QuestionError("invalid", _("La question doit être un texte."))
    text = " ".join(clean_text(text or "").split())
    if not text:
        raise QuestionError("empty", _("La question est vide."))
    if len(text) > QUESTION_MAX_LENGTH:
        raise QuestionError(
            "too_long",
            _("La question est trop longue (%(max)d caractères au plus).")
            % {"max": QUESTION_MAX_LENGTH},
            max=QUESTION_MAX_LENGTH,
        )
    now = now or timezone.now()
    with transaction.atomic():
        talk = _open_talk(talk_id)
        muted = AudienceMute.objects.filter(talk=talk, **_asker(attendee))
        if muted.filter(mutes.in_force(now)).exists():
            raise QuestionError(
                "muted", _("Vous ne pouvez plus poser de questions pendant cette intervention.")
            )
        verdict = word_filter.check(text, previous=_recent_questions(talk, attendee))
        # A refused question uses up its turn too: trying spellings one after the other is slow.
        _take_token(talk=talk, attendee=attendee, now=now)
        if verdict.refused:
            _audit(
                talk.pk,
                None,
                ModerationAction.Action.FILTER_BLOCK,
                pupil_id=attendee.pupil_id,
                reason=verdict.reason,
            )
        else:
            question = AudienceQuestion.objects.create(
                talk=talk,
                user_id=attendee.user_id,
                pupil_id=attendee.pupil_id,
                author=attendee.name,
                author_class=attendee.school_class,
                text=text,
                flag=verdict.reason or "",
            )
            if verdict.reason:
                _audit(
                    talk.pk,
                    None,
                    ModerationAction.Action.FILTER_FLAG,
                    question=question,
                    reason=verdict.reason,
                )
    if verdict.refused:
        raise QuestionError(
            "blocked",
            _(
                "Pas de coordonnées ici : ni e-mail, ni téléphone, ni lien, ni réseau "
                "social. La question n'a pas été envoyée."
            ),
            reason=verdict.reason,
        )
    return own_dict(question)


def upvote(*, talk_id: int, attendee: Attendee, question_id) -> dict:
    """One vote per account or pupil for an approved question."""
    outcome = upvote_many(talk_id=talk_id, votes=[(attendee, question_id)])[0]
    if isinstance(outcome, QuestionError):
        raise outcome
    return outcome


def upvote_many(*, talk_id: int, votes: list[tuple[Attendee, object]]) -> list:
    """Cast many votes (attendee, question id) in one transaction: a talk's votes arrive by the
    hundred a second and are written together (`usine.forum.rooms`). For each vote, in order,
    the asker's answer ({"question_id": n}) or the QuestionError refusing it."""
    outcomes: list = [None] * len(votes)
    wanted = {}
    for index, (attendee, question_id) in enumerate(votes):
        if not attendee.may_ask:
            outcomes[index] = QuestionError("forbidden", _("Connectez-vous pour voter."))
        else:
            wanted[index] = (_voter(attendee), _int_or_none(question_id))
    if not wanted:
        return outcomes
    with transaction.atomic():
        ended = Talk.objects.filter(pk=talk_id, state=Talk.State.ENDED).exists()
        # Each approved question's asker, as a voter: (user id, pupil id).
        approved = {
            pk: (user, pupil)
            for pk, user, pupil in AudienceQuestion.objects.filter(
                pk__in={question for _voter, question in wanted.values()},
                talk_id=talk_id,
                state=APPROVED,
            ).values_list("pk", "user_id", "pupil_id")
        }
        cast = _votes_cast(talk_id, wanted.values(), approved)
        new = []
        for index, (voter, question) in wanted.items():
            if question not in approved:
                outcomes[index] = QuestionError("not_found", _("Cette question n'existe pas."))
            elif ended:
                outcomes[index] = QuestionError("talk_ended", _("Cette intervention est terminée."))
            elif approved[question] == voter:
                outcomes[index] = QuestionError(
                    "own_question",
                    _("C'est votre question : ce sont les autres qui votent pour elle."),
                )
            elif (voter, question) in cast:
                outcomes[index] = QuestionError(
                    "already_upvoted", _("Vous avez déjà voté pour cette question.")
                )
            else:
                cast.add((voter, question))
                new.append(
                    AudienceUpvote(question_id=question, user_id=voter[0], pupil_id=voter[1])
                )
                outcomes[index] = {"question_id": question}
        if new:
            # A vote another process cast meanwhile is dropped by the constraint; the counts
            # are read from the votes stored, so they stay exact.
            AudienceUpvote.objects.bulk_create(new, ignore_conflicts=True)
            touched = {vote.question_id for vote in new}
            AudienceQuestion.objects.filter(pk__in=touched).update(
                upvotes=Subquery(
                    AudienceUpvote.objects.filter(question_id=OuterRef("pk"))
                    .order_by()
                    .values("question_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                )
            )
    return outcomes


def _voter(attendee: Attendee) -> tuple[int | None, int | None]:
    if attendee.pupil_id is not None:
        return (None, attendee.pupil_id)
    return (attendee.user_id, None)


def _votes_cast(talk_id, wanted, approved) -> set:
    """The (voter, question) pairs among `wanted` already stored."""
    users = {voter[0] for voter, _question in wanted if voter[0] is not None}
    pupils = {voter[1] for voter, _question in wanted if voter[1] is not None}
    rows = AudienceUpvote.objects.filter(question_id__in=approved).filter(
        Q(user_id__in=users) | Q(pupil_id__in=pupils)
    )
    return {
        ((user, pupil), question)
        for user, pupil, question in rows.values_list("user_id", "pupil_id", "question_id")
    }


# --- Moderation -----------------------------------------------------------------------------------


def approve(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    return _one(
        approve_many(talk_id=talk_id, attendee=attendee, question_ids=[question_id], now=now)
    )


def approve_many(*, talk_id: int, attendee: Attendee, question_ids: list, now=None) -> list:
    """Approve questions in one transaction (an organizer approving a dozen a second); for
    each, in order, its answer or the QuestionError refusing it."""
    return _moderate(
        talk_id,
        attendee,
        question_ids,
        now=now,
        allowed={PENDING},
        message=_("Seule une question en attente peut être validée."),
        action=ModerationAction.Action.APPROVE,
        state=APPROVED,
    )


def hide(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    return _one(
        _moderate(
            talk_id,
            attendee,
            [question_id],
            now=now,
            allowed={PENDING, APPROVED},
            message=_("Cette question est déjà masquée."),
            action=ModerationAction.Action.HIDE,
            state=HIDDEN,
            pinned=False,
        )
    )


def pin(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    """Put an approved question on screen (the one pinned before comes down)."""
    _require_organizer(attendee)
    with transaction.atomic():
        question = _lock_question(talk_id, question_id)
        if question.state != APPROVED:
            raise QuestionError(
                "invalid_state", _("Seule une question validée peut être épinglée.")
            )
        AudienceQuestion.objects.filter(talk_id=talk_id, pinned=True).exclude(
            pk=question.pk
        ).update(pinned=False)
        question.pinned = True
        question.save(update_fields=["pinned"])
        _audit(talk_id, attendee, ModerationAction.Action.PIN, question=question)
    return {"question_id": question.pk}


def unpin(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    _require_organizer(attendee)
    with transaction.atomic():
        question = _lock_question(talk_id, question_id)
        if not question.pinned:
            raise QuestionError("invalid_state", _("Cette question n'est pas épinglée."))
        question.pinned = False
        question.save(update_fields=["pinned"])
        _audit(talk_id, attendee, ModerationAction.Action.UNPIN, question=question)
    return {"question_id": question.pk}


def answer(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    """Mark an approved question answered, at the stream's current time (a replay chapter)."""
    _require_organizer(attendee)
    now = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(talk_id, question_id)
        if question.state != APPROVED:
            raise QuestionError(
                "invalid_state", _("Seule une question validée peut être répondue.")
            )
        if question.answered_at is not None:
            raise QuestionError("invalid_state", _("Cette question est déjà marquée répondue."))
        question.answered_at = now
        question.answered_at_s = stream_seconds(question.talk, now)
        question.pinned = False
        question.save(update_fields=["answered_at", "answered_at_s", "pinned"])
        _audit(talk_id, attendee, ModerationAction.Action.ANSWER, question=question)
    return {"question_id": question.pk, "answered_at_s": question.answered_at_s}


def _moderate(talk_id, attendee, question_ids, *, now, allowed, message, action, **changes):
    """Change the questions in one transaction, those in an `allowed` state (one listed twice:
    its second time finds it changed); for each, its answer or the QuestionError refusing it."""
    _require_organizer(attendee)
    now = now or timezone.now()
    wanted = [_int_or_none(question_id) for question_id in question_ids]
    outcomes, changed = [], []
    with transaction.atomic():
        # Locked in the order of their ids: two batches never wait for each other in a circle.
        found = AudienceQuestion.objects.select_for_update().filter(
            talk_id=talk_id, pk__in={pk for pk in wanted if pk is not None}
        )
        found = {question.pk: question for question in found.order_by("pk")}
        for pk in wanted:
            question = found.get(pk)
            if question is None:
                outcomes.append(QuestionError("not_found", _("Cette question n'existe pas.")))
                continue
            if question.state not in allowed:
                outcomes.append(QuestionError("invalid_state", message))
                continue
            for name, value in changes.items():
                setattr(question, name, value)
            question.moderated_by_id = attendee.user_id
            question.moderated_at = now
            changed.append(question)
            outcomes.append({"question_id": question.pk})
        if changed:
            AudienceQuestion.objects.bulk_update(
                changed, [*changes, "moderated_by", "moderated_at"]
            )
            ModerationAction.objects.bulk_create(
                [_audit_row(talk_id, attendee, action, question=question) for question in changed]
            )
    return outcomes


def _one(outcomes: list) -> dict:
    if isinstance(outcomes[0], Exception):
        raise outcomes[0]
    return outcomes[0]


def mute(*, talk_id: int, attendee: Attendee, question_id, minutes=None, now=None) -> dict:
    """Mute the asker of a question in the talk: for `minutes`, or until the talk ends."""
    _require_organizer(attendee)
    now = now or timezone.now()
    try:
        until = mutes.mute_until(minutes, now=now)
    except mutes.InvalidDuration as invalid:
        raise QuestionError("invalid", invalid.message) from None
    with transaction.atomic():
        question = _lock_question(talk_id, question_id)
        AudienceMute.objects.update_or_create(
            talk_id=talk_id,
            user_id=question.user_id,
            pupil_id=question.pupil_id,
            defaults={"until": until},
        )
        _audit(
            talk_id,
            attendee,
            ModerationAction.Action.MUTE,
            question=question,
            reason=f"{minutes or 0} min",
        )
    return {"question_id": question.pk, "until": until.isoformat() if until else None}


def unmute(*, talk_id: int, attendee: Attendee, question_id, now=None) -> dict:
    """Let the asker of a question ask again (a mistake, or they calmed down)."""
    _require_organizer(attendee)
    with transaction.atomic():
        question = _lock_question(talk_id, question_id)
        deleted, _rows = AudienceMute.objects.filter(
            talk_id=talk_id, user_id=question.user_id, pupil_id=question.pupil_id
        ).delete()
        if not deleted:
            raise QuestionError("not_muted", _("Cette personne n'est pas en sourdine."))
        _audit(talk_id, attendee, ModerationAction.Action.UNMUTE, question=question)
    return {"question_id": question.pk}


# What an organizer decides from the talk's socket (`moderate_many`).
DECISIONS = {
    "approve": approve,
    "hide": hide,
    "pin": pin,
    "unpin": unpin,
    "answer": answer,
    "mute": mute,
    "unmute": unmute,
}


def moderate_many(*, talk_id: int, decisions: list[tuple[str, Attendee, dict]]) -> list:
    """Carry out decisions (name in DECISIONS, organizer, arguments) one after the other, each
    in its own transaction as when made alone: the organizers' decisions arrive by the dozen a
    second and are written in one go (`usine.forum.rooms`). For each, in order, its answer or
    the exception refusing it (a refused one leaves the others done)."""
    outcomes: list = []
    start = 0
    while start < len(decisions):
        name, attendee, arguments = decisions[start]
        end = start + 1
        if name == "approve":  # the approvals of one organizer in a row: one transaction
            while end < len(decisions) and decisions[end][:2] == ("approve", attendee):
                end += 1
        try:
            if name == "approve":
                ids = [decision[2].get("question_id") for decision in decisions[start:end]]
                outcomes += approve_many(talk_id=talk_id, attendee=attendee, question_ids=ids)
            else:
                outcomes.append(DECISIONS[name](talk_id=talk_id, attendee=attendee, **arguments))
        except Exception as refused:  # QuestionError; the database failing is told alike
            outcomes += [refused] * (end - start)
        start = end
    return outcomes


def _audit(talk_id, attendee: Attendee | None, action, *, question=None, pupil_id=None, reason=""):
    """A line of the moderators' audit log (`attendee` None: the word filter acted)."""
    _audit_row(
        talk_id, attendee, action, question=question, pupil_id=pupil_id, reason=reason
    ).save()


def _audit_row(talk_id, attendee, action, *, question=None, pupil_id=None, reason=""):
    return ModerationAction(
        talk_id=talk_id,
        actor_id=attendee.user_id if attendee else None,
        actor_role=attendee.role if attendee else "filter",
        action=action,
        audience_question=question,
        pupil_id=pupil_id if question is None else question.pupil_id,
        reason=reason,
    )


# --- What the sockets read ------------------------------------------------------------------------


def snapshot(*, talk_id: int) -> dict:
    """The audience's view: the pinned question, the SNAPSHOT_TOP most voted and the
    SNAPSHOT_RECENT latest approved questions (each once), and how many are approved."""
    approved = AudienceQuestion.objects.filter(talk_id=talk_id, state=APPROVED)
    # Counted first: a question approved between the reads is then in the lists and not yet
    # in the count (made good below), never counted and missing from the lists.
    count = approved.count()
    fields = ("id", "text", "author", "author_class", "upvotes", "pinned", "answered_at_s")
    top = list(approved.order_by("-upvotes", "pk").values(*fields)[:SNAPSHOT_TOP])
    recent = list(approved.order_by("-moderated_at", "-pk").values(*fields)[:SNAPSHOT_RECENT])
    pinned = list(approved.filter(pinned=True).values(*fields)[:1])
    seen, questions = set(), []
    for row in pinned + top + recent:
        if row["id"] not in seen:
            seen.add(row["id"])
            questions.append(_public(row))
    return {
        "questions": questions,
        "recent": [row["id"] for row in recent],
        "approved": max(count, len(questions)),
    }


def queue(*, talk_id: int) -> dict:
    """The moderators' view: the pending questions (oldest first) with the filter's flag, and
    the approved ones (latest first)."""
    questions = AudienceQuestion.objects.filter(talk_id=talk_id)
    fields = (
        "id",
        "text",
        "author",
        "author_class",
        "upvotes",
        "pinned",
        "answered_at_s",
        "flag",
        "user_id",
        "pupil_id",
    )
    pending = list(questions.filter(state=PENDING).order_by("pk").values(*fields)[:QUEUE_MAX])
    approved = list(questions.filter(state=APPROVED).order_by("-pk").values(*fields)[:QUEUE_MAX])
    muted = set(
        AudienceMute.objects.filter(talk_id=talk_id)
        .filter(mutes.in_force(timezone.now()))
        .values_list("user_id", "pupil_id")
    )
    return {
        "pending": [_moderated(row, muted) for row in pending],
        "approved": [_moderated(row, muted) for row in approved],
        "pending_count": questions.filter(state=PENDING).count(),
    }


def mine(*, talk_id: int, attendee: Attendee) -> dict:
    """What the asker alone knows: their own questions (pending ones too) and their votes."""
    if not attendee.may_ask:
        return {"questions": [], "upvoted": []}
    own = AudienceQuestion.objects.filter(talk_id=talk_id).exclude(state=HIDDEN)
    votes = AudienceUpvote.objects.filter(question__talk_id=talk_id)
    if attendee.pupil_id is not None:
        own, votes = (
            own.filter(pupil_id=attendee.pupil_id),
            votes.filter(pupil_id=attendee.pupil_id),
        )
    else:
        own, votes = own.filter(user_id=attendee.user_id), votes.filter(user_id=attendee.user_id)
    return {
        "questions": [own_dict(question) for question in own.order_by("pk")],
        "upvoted": list(votes.values_list("question_id", flat=True)),
    }


def answered_chapters(*, talk: Talk) -> list[dict]:
    """The answered questions in stream order: the replay's chapters."""
    rows = (
        AudienceQuestion.objects.filter(talk=talk, state=APPROVED, answered_at_s__isnull=False)
        .order_by("answered_at_s", "pk")
        .values("id", "text", "author", "author_class", "answered_at_s")
    )
    return list(rows)


def own_dict(question: AudienceQuestion) -> dict:
    return {
        "id": question.pk,
        "text": question.text,
        "state": question.state,
        "author": question.author,
    }


def _public(row: dict) -> dict:
    return {
        "id": row["id"],
        "text": row["text"],
        "author": row["author"],
        "class": row["author_class"],
        "upvotes": row["upvotes"],
        "pinned": row["pinned"],
        "answered": row["answered_at_s"] is not None,
    }


def _moderated(row: dict, muted: set) -> dict:
    return {
        **_public(row),
        "flag": row["flag"],
        "pupil": row["pupil_id"] is not None,
        "muted": (row["user_id"], row["pupil_id"]) in muted,
    }


# --- Helpers --------------------------------------------------------------------------------------


def _int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _require_organizer(attendee: Attendee) -> None:
    if not attendee.is_organizer:
        raise QuestionError("forbidden", _("Seuls les organisateurs modèrent les questions."))


def _open_talk(talk_id) -> Talk:
    talk = Talk.objects.filter(pk=talk_id).first()
    if talk is None:
        raise QuestionError("not_found", _("Cette intervention n'existe pas."))
    if talk.state == Talk.State.ENDED:
        raise QuestionError("talk_ended", _("Cette intervention est terminée."))
    return talk


def _lock_question(talk_id, question_id) -> AudienceQuestion:
    question = (
        AudienceQuestion.objects.select_for_update()
        .select_related("talk")
        .filter(pk=_int_or_none(question_id), talk_id=talk_id)
        .first()
    )
    if question is None:
        raise QuestionError("not_found", _("Cette question n'existe pas."))
    return question


def _asker(attendee: Attendee) -> dict:
    if attendee.role == PUPIL:
        return {"pupil_id": attendee.pupil_id, "user": None}
    return {"user_id": attendee.user_id, "pupil": None}


def _recent_questions(talk: Talk, attendee: Attendee) -> list[str]:
    """The asker's latest questions, oldest first (a number split across them is seen); by
    when they were stored."""
    since = timezone.now() - SPLIT_NUMBER_WINDOW
    texts = (
        AudienceQuestion.objects.filter(talk=talk, created_at__gte=since, **_asker(attendee))
        .order_by("-created_at")
        .values_list("text", flat=True)[:3]
    )
    return list(texts)[::-1]


def _take_token(*, talk: Talk, attendee: Attendee, now) -> None:
    allowance, _created = AudienceAllowance.objects.select_for_update().get_or_create(
        talk=talk,
        **_asker(attendee),
        defaults={"tokens": slow_mode.settings_pair()[1], "refilled_at": now},
    )
    try:
        bucket = slow_mode.take(slow_mode.Bucket(allowance.tokens, allowance.refilled_at), now=now)
    except slow_mode.TooSoon as soon:
        raise QuestionError(
            "slow_mode",
            _("Doucement ! Prochaine question possible dans %(s)d s.") % {"s": soon.retry_after},
            retry_after=soon.retry_after,
        ) from None
    allowance.tokens = bucket.tokens
    allowance.refilled_at = bucket.refilled_at
    allowance.save(update_fields=["tokens", "refilled_at"])
