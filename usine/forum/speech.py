"""Speech-to-text for the Forum's captions: an interface for those who have an engine.

None ships with the fair: every engine found for French downloads its model from a hub at run
time, and the only models packaged here are English (`shared/notes/streaming.md`). A deployment
that has one names its class in the setting `FORUM_SPEECH_ENGINE` ("package.module.Class"); the
class is built without arguments and implements `SpeechEngine`. Its cues are drafts
(`CaptionCue.Source.SPEECH`): a person corrects and publishes them in the caption editor. Without
an engine the editor says so; nothing ever claims a recognition that did not happen.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .captions import CaptionError
from .models import CAPTION_MAX_LENGTH, CaptionCue, Talk


@dataclass(frozen=True)
class Recognised:
    """A stretch of speech: from `start` to `end` seconds of the audio, what was said."""

    start: float
    end: float
    text: str


class SpeechEngine(Protocol):
    # A short name for the editor ("whisper.cpp large-v3", …).
    name: str

    def transcribe(self, audio: Path, *, language: str) -> list[Recognised]:
        """What is said in the audio file (any format ffmpeg reads), in time order."""


def engine() -> SpeechEngine | None:
    """The configured engine, or None (the default: none is installed)."""
    path = getattr(settings, "FORUM_SPEECH_ENGINE", "")
    return import_string(path)() if path else None


def draft_captions(*, talk: Talk, audio: Path, language: str = "fr") -> int:
    """Replace the talk's speech drafts with what the engine hears in `audio` (the talk's
    replay); typed and edited captions stay. How many cues were drafted."""
    found = engine()
    if found is None:
        raise CaptionError(
            "no_engine", _("Aucun moteur de reconnaissance vocale n'est installé sur ce serveur.")
        )
    recognised = found.transcribe(Path(audio), language=language)
    cues = [
        CaptionCue(
            talk=talk,
            start_s=round(item.start, 3),
            end_s=round(item.end, 3),
            text=" ".join(item.text.split())[:CAPTION_MAX_LENGTH],
            source=CaptionCue.Source.SPEECH,
        )
        for item in recognised
        if item.text.strip() and item.end > item.start >= 0
    ]
    with transaction.atomic():
        talk.caption_cues.filter(source=CaptionCue.Source.SPEECH).delete()
        CaptionCue.objects.bulk_create(cues)
    return len(cues)
