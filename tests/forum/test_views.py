import pytest

from tests.forum.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_the_programme_lists_the_talks_by_day_and_stage(client):
    talk = TalkFactory(title="Ouverture du Forum", speakers=[SpeakerFactory()])
    response = client.get("/forum/")
    assert response.status_code == 200
    assert response.context["days"][0].stages == [(talk.stage, [talk])]
    assert "Ouverture du Forum" in response.content.decode()


def test_a_talk_page_answers_404_for_an_unknown_talk(client):
    assert client.get("/forum/inconnue/").status_code == 404
