"""Captions of a Forum talk: typed live on the captioner page, corrected and published in the
caption editor, kept as a WebVTT file for the replay.

A live caption starts at the stream time it was typed (`clock.stream_seconds`) and lasts the
time it takes to read it; the next one cuts it short. Viewers get it over the talk's socket
within a second (`rooms`), and the player shows it as a cue of a `kind="captions"` text track.
A replay is public only with published captions (`is_published`), as every video of the fair.
"""

import secrets

import webvtt
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.inputs import clean_text
from usine.media import services as media
from usine.media.models import Video

from .audience import Attendee
from .clock import stream_seconds
from .models import CAPTION_MAX_LENGTH, CaptionCue, Talk, TalkCaptions, TalkStream

# Reading time of a live caption: about 15 characters a second, within these bounds.
MIN_CUE_S = 1.5
MAX_CUE_S = 7.0
CHARACTERS_PER_S = 15
# A talk's captions the editor accepts at most (a 3-hour talk has ≈ 4,000).
MAX_CUES = 6000
LIVE_SOURCES = (CaptionCue.Source.TYPED,)


class CaptionError(Exception):
    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def reading_time(text: str) -> float:
    return round(min(MAX_CUE_S, max(MIN_CUE_S, len(text) / CHARACTERS_PER_S)), 3)


def add_live(*, talk_id: int, attendee: Attendee, text, now=None) -> dict:
    """A caption typed by the captioner now, on the live talk's stream time."""
    if not attendee.is_organizer:
        raise CaptionError("forbidden", _("Seuls les organisateurs sous-titrent le direct."))
    text = _clean(text)
    now = now or timezone.now()
    with transaction.atomic():
        talk = Talk.objects.select_for_update().filter(pk=talk_id).first()
        if talk is None:
            raise CaptionError("not_found", _("Cette intervention n'existe pas."))
        if talk.state != Talk.State.LIVE:
            raise CaptionError("not_live", _("Cette intervention n'est pas en direct."))
        start = stream_seconds(talk, now)
        # The previous caption ends where this one starts: two never show at once.
        CaptionCue.objects.filter(
            talk=talk, source__in=LIVE_SOURCES, end_s__gt=start, start_s__lt=start
        ).update(end_s=start)
        cue = CaptionCue.objects.create(
            talk=talk,
            start_s=start,
            end_s=round(start + reading_time(text), 3),
            text=text,
            source=CaptionCue.Source.TYPED,
            created_by_id=attendee.user_id,
        )
    return cue_dict(cue)


def live_since(*, talk_id: int, since) -> list[dict]:
    """The live captions stored since `since`, in the order they were typed."""
    cues = CaptionCue.objects.filter(
        talk_id=talk_id, source__in=LIVE_SOURCES, created_at__gte=since
    ).order_by("created_at", "pk")
    return [cue_dict(cue) for cue in cues[:100]]


def cue_dict(cue: CaptionCue) -> dict:
    return {"id": cue.pk, "text": cue.text, "start": cue.start_s, "end": cue.end_s}


# --- The caption editor ---------------------------------------------------------------------------


def save_cues(*, talk: Talk, attendee: Attendee, cues: list[tuple[float, float, str]]) -> int:
    """Replace the talk's captions with `cues` (start s, end s, text), checked, in time order;
    the WebVTT file follows. How many were saved."""
    if not attendee.is_organizer:
        raise CaptionError("forbidden", _("Seuls les organisateurs modifient les sous-titres."))
    if len(cues) > MAX_CUES:
        raise CaptionError(
            "too_many", _("Trop de sous-titres (%(max)d au plus).") % {"max": MAX_CUES}
        )
    checked = []
    for number, (start, end, text) in enumerate(cues, start=1):
        text = _clean(text, number=number)
        if not (isinstance(start, int | float) and isinstance(end, int | float)):
            raise CaptionError(
                "invalid", _("Sous-titre n° %(n)d : minutage illisible.") % {"n": number}
            )
        if start < 0 or end <= start:
            raise CaptionError(
                "invalid",
                _("Sous-titre n° %(n)d : la fin doit suivre le début.") % {"n": number},
                number=number,
            )
        checked.append((round(float(start), 3), round(float(end), 3), text))
    checked.sort(key=lambda cue: cue[0])
    with transaction.atomic():
        Talk.objects.select_for_update().filter(pk=talk.pk).first()
        talk.caption_cues.all().delete()
        CaptionCue.objects.bulk_create(
            CaptionCue(
                talk=talk,
                start_s=start,
                end_s=end,
                text=text,
                source=CaptionCue.Source.EDITED,
                created_by_id=attendee.user_id,
            )
            for start, end, text in checked
        )
        write_file(talk=talk)
    if is_published(talk):
        attach_to_replay(talk=talk)
    return len(checked)


def publish(*, talk: Talk, attendee: Attendee) -> TalkCaptions:
    """Make the ended talk's captions public: its replay may then be shown."""
    if not attendee.is_organizer:
        raise CaptionError("forbidden", _("Seuls les organisateurs publient les sous-titres."))
    if talk.state != Talk.State.ENDED:
        raise CaptionError(
            "not_ended", _("Les sous-titres se publient une fois l'intervention terminée.")
        )
    with transaction.atomic():
        if not talk.caption_cues.exists():
            raise CaptionError("empty", _("Il n'y a aucun sous-titre à publier."))
        captions = write_file(talk=talk)
        captions.published_at = timezone.now()
        captions.published_by_id = attendee.user_id
        captions.save(update_fields=["published_at", "published_by"])
    attach_to_replay(talk=talk)
    return captions


def unpublish(*, talk: Talk, attendee: Attendee) -> None:
    if not attendee.is_organizer:
        raise CaptionError("forbidden", _("Seuls les organisateurs publient les sous-titres."))
    TalkCaptions.objects.filter(talk=talk).update(published_at=None, published_by=None)


def is_published(talk: Talk) -> bool:
    """Whether the talk's replay has its captions (the rule of every video of the fair)."""
    return TalkCaptions.objects.filter(talk=talk, published_at__isnull=False).exists()


def attach_to_replay(*, talk: Talk) -> None:
    """Give the talk's captions to its replay's video, as every video of the fair has its own
    (stored beside it, locally or on S3); a replay archived later gets them then
    (`stream.archive_replay`)."""
    video = (
        TalkStream.objects.filter(talk=talk, replay_video__isnull=False)
        .values_list("replay_video", flat=True)
        .first()
    )
    if video is not None:
        media.set_captions(video=Video.objects.get(pk=video), file=published_file(talk=talk))


def published_file(*, talk: Talk) -> ContentFile | None:
    """The talk's published captions as a WebVTT upload, None before they are published."""
    if not is_published(talk):
        return None
    return ContentFile(webvtt_text(talk=talk).encode(), name="captions.vtt")


# --- WebVTT ---------------------------------------------------------------------------------------


def webvtt_text(*, talk: Talk) -> str:
    cues = talk.caption_cues.order_by("start_s", "pk").values_list("start_s", "end_s", "text")
    document = webvtt.WebVTT(
        captions=[
            webvtt.Caption(_timestamp(start), _timestamp(end), _escape(text))
            for start, end, text in cues
        ]
    )
    return document.content


def write_file(*, talk: Talk) -> TalkCaptions:
    """(Re)write the talk's WebVTT file from its cues; the previous file goes after commit."""
    captions = TalkCaptions.objects.filter(talk=talk).first() or TalkCaptions(talk=talk)
    old = captions.file.name if captions.file else ""
    content = ContentFile(webvtt_text(talk=talk).encode())
    captions.file.save(f"{talk.pk}-{secrets.token_urlsafe(9)}.vtt", content, save=False)
    captions.save()
    if old:
        storage = captions.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return captions


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _escape(text: str) -> str:
    """Cue text is markup in WebVTT: a typed "<" or "&" must show as itself."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean(text, *, number: int | None = None) -> str:
    if text is not None and not isinstance(text, str):
        raise CaptionError("invalid", _("Le sous-titre doit être un texte."))
    # One line per cue: a line break would start a new WebVTT block ("-->" neither).
    text = " ".join(clean_text(text or "").split()).replace("-->", "→")
    where = _("Sous-titre n° %(n)d : ") % {"n": number} if number else ""
    if not text:
        raise CaptionError("empty", where + _("le sous-titre est vide."))
    if len(text) > CAPTION_MAX_LENGTH:
        raise CaptionError(
            "too_long",
            where + _("%(max)d caractères au plus.") % {"max": CAPTION_MAX_LENGTH},
            max=CAPTION_MAX_LENGTH,
        )
    return text
