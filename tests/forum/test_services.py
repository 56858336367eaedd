import pytest

from tests.forum.factories import TalkFactory
from usine.forum.errors import ForumError
from usine.forum.models import Talk
from usine.forum.services import set_talk_state

pytestmark = pytest.mark.django_db


def test_a_talk_goes_on_air_then_ends():
    talk = TalkFactory()
    assert set_talk_state(talk=talk, state=Talk.State.LIVE).state == "live"
    assert set_talk_state(talk=talk, state=Talk.State.ENDED).state == "ended"
    talk.refresh_from_db()
    assert talk.state == "ended"


def test_a_talk_that_never_started_cannot_end():
    talk = TalkFactory(title="Ouverture")
    with pytest.raises(ForumError) as error:
        set_talk_state(talk=talk, state=Talk.State.ENDED)
    assert error.value.message == (
        "« Ouverture » ne peut pas passer de l'état « à venir » à « terminée »."
    )
    talk.refresh_from_db()
    assert talk.state == "scheduled"
