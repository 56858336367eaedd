"""The demo Forum's audience: questions on the talk on air, published captions on those over."""

import datetime

import pytest
from django.utils import timezone

from tests.forum.factories import TalkFactory
from tests.schools.factories import PupilFactory
from tests.tools import require
from tests.users.factories import UserFactory
from usine.demo import forum_audience
from usine.demo.clips import render_clip
from usine.forum import captions, questions, stream
from usine.forum.audience import PUPIL, Attendee
from usine.forum.models import AudienceQuestion, Talk, TalkStream
from usine.media import services as media

pytestmark = pytest.mark.django_db


def test_the_live_talk_has_questions_and_the_past_ones_published_captions():
    now = timezone.now()
    live = TalkFactory(
        state=Talk.State.LIVE,
        starts_at=now - datetime.timedelta(minutes=15),
        ends_at=now + datetime.timedelta(minutes=30),
    )
    past = TalkFactory(edition=live.edition, state=Talk.State.ENDED)
    later = TalkFactory(edition=live.edition)
    first = PupilFactory(pseudonym="Grue Rapide", school_class__edition=live.edition)
    PupilFactory.create_batch(24, school_class=first.school_class)
    UserFactory(first_name="Hélène", last_name="Martin")
    files = []

    assert forum_audience.add_audience(edition=live.edition, now=now, files=files) == (6, 1)

    snapshot = questions.snapshot(talk_id=live.pk)
    assert snapshot["approved"] == 5
    pinned, *others = snapshot["questions"]
    assert (pinned["text"], pinned["author"], pinned["pinned"]) == (
        "Comment l'industrie attire-t-elle davantage de jeunes femmes ?",
        "Hélène M.",
        True,
    )
    assert [q["upvotes"] for q in others] == [14, 9, 6, 3]
    assert pinned["upvotes"] == 21
    # Each count is its votes: one more vote makes one more, not a count started over.
    for question in AudienceQuestion.objects.all():
        assert question.votes.count() == question.upvotes
        assert not question.votes.filter(pupil=question.pupil, user=question.user).exists()
    voter = PupilFactory(school_class=first.school_class)
    questions.upvote(
        talk_id=live.pk, attendee=Attendee(PUPIL, pupil_id=voter.pk), question_id=others[1]["id"]
    )
    assert AudienceQuestion.objects.get(pk=others[1]["id"]).upvotes == 10
    [chapter] = questions.answered_chapters(talk=live)
    assert chapter["author"] == "Grue Rapide"
    assert 0 < chapter["answered_at_s"] < 15 * 60
    assert AudienceQuestion.objects.filter(state="pending").count() == 1
    assert captions.is_published(past)
    assert not captions.is_published(later)
    assert captions.webvtt_text(talk=past).count(" --> ") == 5
    assert [file.name for file in files] == [past.captions.file.name]


def test_the_past_talks_get_replays_through_the_video_pipeline(settings, tmp_path):
    require("ffmpeg")
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    live = TalkFactory(
        state=Talk.State.LIVE, starts_at=now, ends_at=now + datetime.timedelta(hours=1)
    )
    past = TalkFactory(edition=live.edition, state=Talk.State.ENDED, slug="ouverture")
    PupilFactory(pseudonym="Grue Rapide", school_class__edition=live.edition)
    UserFactory()
    programme = [
        {"slug": "ouverture", "title": "Ouverture du Forum"},
        {"slug": "en-direct", "title": "En direct", "live": True},
        {"slug": "plus-tard", "title": "Plus tard"},
    ]
    [spec] = forum_audience.replay_specs(programme)
    files = []
    forum_audience.add_audience(edition=live.edition, now=now, files=files)

    made = forum_audience.add_replays(
        edition=live.edition, clips={spec.key: render_clip(spec, directory=tmp_path)}, files=files
    )

    assert made == 1
    video = TalkStream.objects.get(talk=past).replay_video
    assert 17.0 < video.duration_s < 19.0
    assert video.captions.read().decode() == captions.webvtt_text(talk=past)
    media.transcode(video=video)
    replay = stream.player(talk=past)["replay"]
    assert replay["captions"] == video.captions.url
    assert replay["chapters"] == [
        {
            "seconds": 14,
            "text": "Faut-il être fort en maths pour travailler dans l'industrie ?",
            "author": "Grue Rapide",
        }
    ]
