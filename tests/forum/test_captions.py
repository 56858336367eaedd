"""Captions of a Forum talk: typed live on the stream time, edited, written as WebVTT, published."""

import datetime

import pytest
import webvtt

from tests.forum.audience import LiveTalk
from usine.forum import captions
from usine.forum.captions import CaptionError
from usine.forum.models import CaptionCue, Talk, TalkCaptions

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 11, 28, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture
def live():
    live = LiveTalk()
    Talk.objects.filter(pk=live.talk.pk).update(
        starts_at=START, ends_at=START + datetime.timedelta(hours=1)
    )
    live.talk.refresh_from_db()
    return live


def add(live, text, seconds, who=None):
    return captions.add_live(
        talk_id=live.talk.pk,
        attendee=who or live.organizer,
        text=text,
        now=START + datetime.timedelta(seconds=seconds),
    )


def test_a_typed_caption_sits_on_the_stream_time_for_its_reading_time(live):
    cue = add(live, "Bonjour à toutes et à tous, bienvenue au Forum.", 62.5)

    assert cue == {
        "id": CaptionCue.objects.get().pk,
        "text": "Bonjour à toutes et à tous, bienvenue au Forum.",
        "start": 62.5,
        "end": 65.633,
    }


def test_the_next_caption_cuts_the_previous_one_short(live):
    add(live, "Une phrase assez longue pour durer plusieurs secondes à l'écran.", 10)
    add(live, "La suite.", 12)

    assert list(CaptionCue.objects.values_list("start_s", "end_s")) == [(10, 12), (12, 13.5)]


def test_only_organizers_caption_and_only_a_live_talk(live):
    for who in (live.adult, live.pupil, live.reader):
        with pytest.raises(CaptionError) as refused:
            add(live, "Bonjour", 1, who=who)
        assert refused.value.code == "forbidden"
    Talk.objects.filter(pk=live.talk.pk).update(state=Talk.State.SCHEDULED)
    with pytest.raises(CaptionError) as refused:
        add(live, "Bonjour", 1)
    assert refused.value.code == "not_live"
    assert CaptionCue.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty"), ("  ", "empty"), (3, "invalid"), ("x" * 301, "too_long")]
)
def test_bad_captions_are_refused(live, text, code):
    with pytest.raises(CaptionError) as refused:
        add(live, text, 1)
    assert refused.value.code == code


def test_the_webvtt_file_holds_the_cues_escaped_and_in_order(live):
    talk = live.talk
    saved = captions.save_cues(
        talk=talk,
        attendee=live.organizer,
        cues=[
            (3723.5, 3725, "Fin --> <b>gras</b> & co"),
            (1.25, 2.5, "  Début\n du discours  "),
        ],
    )

    assert saved == 2
    text = captions.webvtt_text(talk=talk)
    assert text == (
        "WEBVTT\n\n"
        "00:00:01.250 --> 00:00:02.500\nDébut du discours\n\n"
        "01:02:03.500 --> 01:02:05.000\nFin → &lt;b&gt;gras&lt;/b&gt; &amp; co\n"
    )
    stored = TalkCaptions.objects.get(talk=talk)
    assert stored.file.read().decode() == text
    parsed = webvtt.from_string(text)
    assert [cue.start_time.in_milliseconds() for cue in parsed] == [1250, 3723500]


def test_the_editor_refuses_what_would_make_a_broken_file(live):
    for cues, code in [
        ([(2, 1, "à l'envers")], "invalid"),
        ([(-1, 1, "avant le début")], "invalid"),
        ([("1", 2, "texte")], "invalid"),
        ([(1, 2, "")], "empty"),
    ]:
        with pytest.raises(CaptionError) as refused:
            captions.save_cues(talk=live.talk, attendee=live.organizer, cues=cues)
        assert refused.value.code == code, cues
    with pytest.raises(CaptionError) as refused:
        captions.save_cues(talk=live.talk, attendee=live.adult, cues=[])
    assert refused.value.code == "forbidden"


def test_saving_again_replaces_the_file(live, django_capture_on_commit_callbacks):
    captions.save_cues(talk=live.talk, attendee=live.organizer, cues=[(1, 2, "un")])
    first = TalkCaptions.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        captions.save_cues(talk=live.talk, attendee=live.organizer, cues=[(1, 2, "deux")])

    stored = TalkCaptions.objects.get()
    assert stored.file.name != first
    assert not stored.file.storage.exists(first)
    assert stored.file.read().decode().endswith("deux\n")


def test_captions_are_published_once_the_talk_ended_and_not_empty(live):
    talk = live.talk
    with pytest.raises(CaptionError) as live_still:
        captions.publish(talk=talk, attendee=live.organizer)
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.ENDED)
    talk.refresh_from_db()
    with pytest.raises(CaptionError) as empty:
        captions.publish(talk=talk, attendee=live.organizer)
    assert (live_still.value.code, empty.value.code) == ("not_ended", "empty")
    assert not captions.is_published(talk)

    CaptionCue.objects.create(talk=talk, start_s=1, end_s=2, text="Merci.")
    published = captions.publish(talk=talk, attendee=live.organizer)

    assert captions.is_published(talk)
    assert published.published_by == live.organizer_user
    assert published.file.read().decode() == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMerci.\n"
    captions.unpublish(talk=talk, attendee=live.organizer)
    assert not captions.is_published(talk)
