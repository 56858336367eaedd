import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.fair.factories import EditionFactory
from tests.forum.factories import SpeakerFactory, StageFactory, TalkFactory
from usine.forum.models import Talk, TalkSpeaker
from usine.forum.models.programme import speaker_photo_path

pytestmark = pytest.mark.django_db


def test_a_talk_lists_its_speakers_in_the_programme_order():
    first, second = SpeakerFactory(name="Inès"), SpeakerFactory(name="Bruno")
    talk = TalkFactory(speakers=[second, first])
    assert talk.ordered_speakers() == [second, first]
    assert talk.get_absolute_url() == f"/forum/{talk.slug}/"


def test_a_speaker_takes_part_once_in_a_talk():
    speaker = SpeakerFactory()
    talk = TalkFactory(speakers=[speaker])
    with pytest.raises(IntegrityError):
        TalkSpeaker.objects.create(talk=talk, speaker=speaker, position=1)


def test_a_talk_ends_after_it_starts():
    talk = TalkFactory.build(stage=StageFactory())
    talk.ends_at = talk.starts_at
    with pytest.raises(ValidationError) as error:
        talk.full_clean()
    assert list(error.value.message_dict) == ["ends_at"]


def test_a_talk_sits_on_a_stage_of_its_own_edition():
    other = StageFactory(edition=EditionFactory(state="draft"))
    talk = TalkFactory.build(stage=other)
    with pytest.raises(ValidationError) as error:
        talk.full_clean()
    assert error.value.message_dict["stage"] == ["Cette scène appartient à une autre édition."]


def test_a_new_talk_is_scheduled_and_slugs_are_unique_per_edition():
    talk = TalkFactory(starts_at=datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC))
    assert talk.state == Talk.State.SCHEDULED
    with pytest.raises(IntegrityError):
        TalkFactory(slug=talk.slug)


def test_a_photo_needs_its_description():
    speaker = SpeakerFactory.build(photo="forum/speakers/x.jpg", photo_alt=" ")
    with pytest.raises(ValidationError) as error:
        speaker.full_clean(exclude=["edition"])
    assert list(error.value.message_dict) == ["photo_alt"]


def test_a_photo_is_stored_under_a_name_nobody_can_guess():
    first = speaker_photo_path(None, "Portrait de la Ministre.JPG")
    assert first.startswith("forum/speakers/")
    assert first.endswith(".jpg")
    assert "Ministre" not in first
    assert first != speaker_photo_path(None, "Portrait de la Ministre.JPG")
