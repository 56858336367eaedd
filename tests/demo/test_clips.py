import webvtt
from django.core.files.base import ContentFile

from usine.demo.clips import captions_vtt, clip_duration
from usine.media.services import validate_captions


def test_captions_spread_the_sentences_over_the_clip():
    text = captions_vtt(["Je soude.", "J'aime ça.", "Venez !", "Osez."], duration_s=6.0)
    validate_captions(file=ContentFile(text.encode(), name="c.vtt"))
    cues = list(webvtt.from_string(text))
    assert [(c.start, c.end) for c in cues] == [
        ("00:00:00.000", "00:00:01.500"),
        ("00:00:01.500", "00:00:03.000"),
        ("00:00:03.000", "00:00:04.500"),
        ("00:00:04.500", "00:00:06.000"),
    ]
    assert [c.text for c in cues] == ["Je soude.", "J'aime ça.", "Venez !", "Osez."]


def test_clip_duration_grows_with_long_transcripts():
    assert clip_duration(3) == 6.0
    assert clip_duration(5) == 7.5
