"""The speech-to-text interface: an engine named in the settings drafts cues; without one,
nothing is claimed."""

from pathlib import Path

import pytest

from tests.forum.audience import LiveTalk
from usine.forum import speech
from usine.forum.captions import CaptionError
from usine.forum.models import CaptionCue

pytestmark = pytest.mark.django_db


class HeardEngine:
    """A test double of an engine: hears what the test wrote beside the audio file."""

    name = "moteur de test"

    def transcribe(self, audio: Path, *, language: str):
        assert language == "fr"
        return [
            speech.Recognised(0.5, 2.0, "  Bonjour  à tous "),
            speech.Recognised(2.0, 2.0, "durée nulle : écartée"),
            speech.Recognised(2.5, 4.0, " "),
            speech.Recognised(4.0, 6.25, audio.read_text()),
        ]


def test_without_an_engine_nothing_is_drafted(tmp_path, settings):
    settings.FORUM_SPEECH_ENGINE = ""
    live = LiveTalk()
    assert speech.engine() is None
    with pytest.raises(CaptionError) as refused:
        speech.draft_captions(talk=live.talk, audio=tmp_path / "replay.m4a")
    assert refused.value.code == "no_engine"
    assert CaptionCue.objects.count() == 0


def test_an_engine_drafts_speech_cues_and_leaves_typed_ones(tmp_path, settings):
    settings.FORUM_SPEECH_ENGINE = f"{__name__}.HeardEngine"
    live = LiveTalk()
    typed = CaptionCue.objects.create(talk=live.talk, start_s=10, end_s=11, text="Tapé.")
    CaptionCue.objects.create(
        talk=live.talk, start_s=1, end_s=2, text="Ancien brouillon", source="speech"
    )
    audio = tmp_path / "replay.m4a"
    audio.write_text("Merci de votre attention.")

    assert speech.draft_captions(talk=live.talk, audio=audio) == 2

    assert list(
        CaptionCue.objects.order_by("start_s").values_list("start_s", "end_s", "text", "source")
    ) == [
        (0.5, 2.0, "Bonjour à tous", "speech"),
        (4.0, 6.25, "Merci de votre attention.", "speech"),
        (10.0, 11.0, "Tapé.", "typed"),
    ]
    assert typed.pk
