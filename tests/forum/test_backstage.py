"""The organizers' backstage of a stage, and the studio's state as its pages poll it. Janus is
away here (a closed port): the pages say the video is unavailable and the rest works."""

import socket

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.users.factories import UserFactory
from usine.forum.models import Talk, TalkSpeaker, TalkStream

from .factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def janus_away(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.JANUS_URL = f"http://127.0.0.1:{port}/janus"
    settings.JANUS_TIMEOUT = 0.5


def backstage_url(talk):
    return reverse("forum:organizer_backstage", args=[talk.edition.slug, talk.stage_id])


def test_the_backstage_is_the_organizers_only(client):
    talk = TalkFactory()
    assert client.get(backstage_url(talk)).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(backstage_url(talk)).status_code == 403


def test_the_backstage_shows_the_stages_talk_and_its_controls(client):
    talk = TalkFactory(title="L'usine de demain")
    client.force_login(UserFactory(is_staff=True))

    response = client.get(backstage_url(talk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "L&#x27;usine de demain" in page
    assert 'name="state" value="live"' in page
    assert "La vidéo en direct est indisponible pour le moment." in page
    assert response.context["talk_stream"].source == TalkStream.Source.ENCODER
    assert response.context["encoder"]["passphrase"] == response.context["talk_stream"].passphrase
    assert response["Cache-Control"].startswith("max-age=0")


def test_putting_on_air_from_the_backstage_comes_back_to_it(client):
    talk = TalkFactory()
    client.force_login(UserFactory(is_staff=True))
    url = reverse("forum:organizer_talk_state", args=[talk.edition.slug, talk.pk])

    response = client.post(url, {"state": "live", "back": "backstage"})

    assert response.status_code == 302
    assert response["Location"] == backstage_url(talk)
    assert Talk.objects.get(pk=talk.pk).state == Talk.State.LIVE


def test_an_organizer_chooses_where_the_feed_comes_from(client):
    talk = TalkFactory()
    client.force_login(UserFactory(is_staff=True))
    url = reverse("forum:organizer_talk_source", args=[talk.edition.slug, talk.pk])

    response = client.post(url, {"source": "studio"})
    assert response.status_code == 302
    assert response["Location"] == backstage_url(talk)
    assert TalkStream.objects.get(talk=talk).source == TalkStream.Source.STUDIO

    refused = client.post(url, {"source": "<rtmp>"})
    assert refused.status_code == 302
    assert [str(m) for m in get_messages(refused.wsgi_request)][-1] == (
        "Cette arrivée du direct n'existe pas."
    )
    assert TalkStream.objects.get(talk=talk).source == TalkStream.Source.STUDIO


def test_the_studio_state_is_for_the_talks_speakers_and_organizers(client):
    talk = TalkFactory(state="live")
    speaker = SpeakerFactory(edition=talk.edition, user=UserFactory())
    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    url = reverse("forum:studio_state", args=[talk.edition.slug, talk.pk])

    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(speaker.user)
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.json() == {
        "state": "live",
        "stateLabel": "en direct",
        "receiving": False,
        "segments": 0,
        "lastSegmentAge": None,
    }


def test_the_studio_says_when_the_video_server_is_away(client):
    talk = TalkFactory()
    speaker = SpeakerFactory(edition=talk.edition, user=UserFactory())
    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    client.force_login(speaker.user)

    response = client.get(reverse("forum:studio", args=[talk.edition.slug, talk.pk]))

    assert response.status_code == 200
    assert response.context["studio_config"] is None
    assert "La vidéo en direct est indisponible pour le moment." in response.content.decode()
