"""The demo Forum's audience: questions on the talk on air (approved ones, one pinned, one
answered, one waiting for the moderators) and published captions on the talks already over, so
that a newcomer sees the questions panel, the moderation queue and the caption editor filled;
and the replays of the talks over, demo clips handed to the video pipeline with those captions
and a question answered on air as their chapter.

Pupils' questions come from the demo classes' pseudonyms, adults' from the demo teacher and
professionals; their votes are cast by other pupils and adults of the demo, as many as there are
(a count without its votes would start again from the votes at the next one cast).
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from usine.fair.models import Edition
from usine.forum import captions
from usine.forum.audience import adult_name, class_label
from usine.forum.clock import stream_seconds
from usine.forum.models import (
    AudienceQuestion,
    AudienceUpvote,
    CaptionCue,
    Talk,
    TalkCaptions,
    TalkStream,
)
from usine.media import services as media
from usine.organizers import ORGANIZERS_GROUP
from usine.schools.models import Pupil

from .clips import ClipSpec

# (who asks: "pupil" or "adult", text, votes, what became of it)
QUESTIONS = [
    ("pupil", "Peut-on faire un apprentissage dans l'aéronautique dès 16 ans ?", 14, "answered"),
    ("adult", "Comment l'industrie attire-t-elle davantage de jeunes femmes ?", 21, "pinned"),
    ("pupil", "Quels métiers recrutent le plus près de chez nous ?", 9, "approved"),
    ("pupil", "Est-ce que les usines sont bruyantes et dangereuses ?", 6, "approved"),
    ("adult", "Quelle place pour les lycées professionnels dans vos recrutements ?", 3, "approved"),
    ("pupil", "Combien gagne un soudeur en début de carrière ?", 0, "pending"),
]
# Enough pupils and adults to cast the most votes above.
VOTERS = 25
# A replay's captions: (seconds from the start, seconds shown, text).
REPLAY_CAPTIONS = [
    (0.5, 3.5, "Bonjour à toutes et à tous, et bienvenue au Forum de l'industrie."),
    (4.0, 3.5, "L'industrie recrute : soudeurs, techniciens, logisticiens, ingénieurs."),
    (7.5, 3.0, "Près d'un salarié sur quatre est une femme, et nous voulons faire mieux."),
    (10.5, 3.5, "L'apprentissage est souvent la porte d'entrée la plus directe."),
    (14.0, 3.0, "Merci de vos questions, nous y répondons maintenant."),
]
REPLAY_SECONDS = 18.0
# The question a past talk answered on air: its replay's chapter.
REPLAY_QUESTION = ("Faut-il être fort en maths pour travailler dans l'industrie ?", 14.5)


def add_audience(
    *, edition: Edition, now: datetime.datetime, files: list[FieldFile]
) -> tuple[int, int]:
    """Questions on the edition's live talk and captions on its ended ones, in the caller's
    transaction; (questions, captioned talks). The caption files written are added to `files`
    (removed again by the caller if the load fails)."""
    asked = 0
    live = Talk.objects.filter(edition=edition, state=Talk.State.LIVE).first()
    everyone = list(
        Pupil.objects.filter(school_class__edition=edition)
        .select_related("school_class__teacher__school")
        .order_by("pk")[:VOTERS]
    )
    pupils = everyone[:10]
    users = get_user_model().objects.order_by("pk")
    organizers = Q(is_staff=True) | Q(groups__name=ORGANIZERS_GROUP)
    every_adult = list(users.exclude(organizers)[:VOTERS])
    adults = every_adult[:5]
    voters = [{"pupil": pupil} for pupil in everyone] + [{"user": user} for user in every_adult]
    if live is not None and pupils and adults:
        organizer = users.filter(organizers).first()
        for number, (who, text, votes, fate) in enumerate(QUESTIONS):
            asked_at = now - datetime.timedelta(minutes=12 - number)
            author = _author(who, number, pupils, adults)
            question = AudienceQuestion.objects.create(talk=live, text=text, **author)
            fields = {"created_at": asked_at, "upvotes": _cast(question, votes, voters)}
            if fate != "pending":
                fields |= {"state": AudienceQuestion.State.APPROVED, "moderated_at": asked_at}
                fields["moderated_by"] = organizer
            if fate == "pinned":
                fields["pinned"] = True
            if fate == "answered":
                answered_at = asked_at + datetime.timedelta(minutes=3)
                fields |= {"answered_at": answered_at}
                fields["answered_at_s"] = stream_seconds(live, answered_at)
            AudienceQuestion.objects.filter(pk=question.pk).update(**fields)
            asked += 1
    captioned = 0
    for talk in Talk.objects.filter(edition=edition, state=Talk.State.ENDED):
        CaptionCue.objects.bulk_create(
            CaptionCue(
                talk=talk,
                start_s=start,
                end_s=start + length,
                text=text,
                source=CaptionCue.Source.EDITED,
            )
            for start, length, text in REPLAY_CAPTIONS
        )
        files.append(captions.write_file(talk=talk).file)
        TalkCaptions.objects.filter(talk=talk).update(published_at=timezone.now())
        if pupils:
            text, answered_s = REPLAY_QUESTION
            question = AudienceQuestion.objects.create(
                talk=talk,
                text=text,
                state=AudienceQuestion.State.APPROVED,
                answered_at=talk.starts_at + datetime.timedelta(seconds=answered_s),
                answered_at_s=answered_s,
                **_author("pupil", 0, pupils, adults),
            )
            question.upvotes = _cast(question, 7, voters)
            question.save(update_fields=["upvotes"])
        captioned += 1
    return asked, captioned


def replay_specs(talks: list[dict]) -> list[ClipSpec]:
    """The replay clips of the programme's talks before the one on air (data/forum.toml)."""
    specs = []
    for table in talks:
        if table.get("live"):
            break
        specs.append(
            ClipSpec(
                key=f"forum-{table['slug']}",
                title="Replay",
                subtitle=table["title"],
                footer="Forum de l'industrie",
                sentences=tuple(text for _start, _length, text in REPLAY_CAPTIONS),
                seconds=REPLAY_SECONDS,
            )
        )
    return specs


def add_replays(*, edition: Edition, clips: dict[str, Path], files: list[FieldFile]) -> int:
    """The ended talks' replays: their clip handed to the video pipeline with the published
    captions, transcoded when the caller's transaction commits; how many."""
    made = 0
    for talk in Talk.objects.filter(edition=edition, state=Talk.State.ENDED).order_by("starts_at"):
        clip = clips.get(f"forum-{talk.slug}")
        if clip is None:
            continue
        with clip.open("rb") as handle:
            video = media.store_video(
                upload=File(handle, name=clip.name), captions=captions.published_file(talk=talk)
            )
        files += [video.source, video.captions]
        TalkStream.objects.create(
            talk=talk, on_air_at=talk.starts_at, replay_seconds=REPLAY_SECONDS, replay_video=video
        )
        media.start_transcoding(video=video)
        made += 1
    return made


def _cast(question: AudienceQuestion, votes: int, voters: list[dict]) -> int:
    """Up to `votes` votes for `question`, one per voter other than its author; how many."""
    others = [
        voter
        for voter in voters
        if voter.get("pupil", False) != question.pupil and voter.get("user", False) != question.user
    ]
    AudienceUpvote.objects.bulk_create(
        AudienceUpvote(question=question, **voter) for voter in others[:votes]
    )
    return min(votes, len(others))


def _author(who: str, number: int, pupils: list[Pupil], adults: list) -> dict:
    if who == "pupil":
        pupil = pupils[number % len(pupils)]
        return {
            "pupil": pupil,
            "author": pupil.pseudonym,
            "author_class": class_label(pupil.school_class),
        }
    user = adults[number % len(adults)]
    return {"user": user, "author": adult_name(user)}
