"""The talk page's questions panel for each kind of visitor, the organizers' pages and the
talk's WebVTT."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.forum.audience import LiveTalk
from tests.schools.helpers import seated_session
from usine.forum import captions
from usine.forum.models import CaptionCue, Talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    return LiveTalk()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, talk) -> str:
    response = client.get(talk.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_without_an_account_reads_and_is_told_how_to_ask(live):
    html = page(Client(), live.talk)

    assert "Questions du public" in html
    assert "Connectez-vous pour poser une question ou voter." in html
    assert "data-forum-ask" not in html
    config = json.loads(
        html.split('id="forum-audience-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config == {"socket": f"/ws/forum/{live.talk.pk}/"}


def test_a_signed_in_adult_asks_under_a_first_name(live):
    html = page(signed_in(live.adult_user), live.talk)

    assert "data-forum-ask" in html
    assert "Vous apparaissez comme « Marc P. »." in html
    assert "Modérer les questions" not in html


def test_a_pupil_asks_under_the_pseudonym_and_class(live):
    client = Client()
    client.cookies["sessionid"] = seated_session(live.pupil_row)

    html = page(client, live.talk)

    assert "Tu apparais comme « Loutre bleue » (3e B, Lycée Henri-IV)." in html


def test_an_organizer_finds_the_moderation(live):
    html = page(signed_in(live.organizer_user), live.talk)
    assert reverse("forum:moderation", kwargs={"slug": live.talk.slug}) in html


def test_the_panel_in_english(live):
    response = Client().get(live.talk.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Audience questions" in response.content.decode()


@pytest.mark.parametrize("name", ["moderation", "captioner", "caption_editor"])
def test_the_organizers_pages_are_theirs_only(live, name):
    url = reverse(f"forum:{name}", kwargs={"slug": live.talk.slug})

    assert Client().get(url).status_code == 302
    assert signed_in(live.adult_user).get(url).status_code == 403
    response = signed_in(live.organizer_user).get(url)
    assert response.status_code == 200
    assert escape(live.talk.title) in response.content.decode()


def test_an_unknown_talk_is_404_to_organizers_too(live):
    url = reverse("forum:moderation", kwargs={"slug": "pas-de-talk"})
    assert signed_in(live.organizer_user).get(url).status_code == 404


def test_the_editor_saves_cues_as_json_and_says_what_is_wrong(live):
    client = signed_in(live.organizer_user)
    url = reverse("forum:caption_editor", kwargs={"slug": live.talk.slug})
    cues = [{"start": 1.5, "end": 3, "text": "Bonjour."}, {"start": 4, "end": 5, "text": "Merci."}]

    response = client.post(url, {"cues": cues}, content_type="application/json")
    assert (response.status_code, response.json()) == (200, {"saved": 2})
    assert list(CaptionCue.objects.values_list("text", flat=True)) == ["Bonjour.", "Merci."]

    for body, message in [
        (
            {"cues": [{"start": 5, "end": 4, "text": "x"}]},
            "Sous-titre n° 1 : la fin doit suivre le début.",
        ),
        ({"cues": "non"}, 'On attend {"cues": [{"start", "end", "text"}, …]}.'),
        ([1], "Requête illisible : on attend un objet JSON."),
    ]:
        response = client.post(url, body, content_type="application/json")
        assert (response.status_code, response.json()) == (400, {"error": message})
    response = client.post(url, "{", content_type="application/json")
    assert response.status_code == 400
    assert CaptionCue.objects.count() == 2


def test_publishing_makes_the_webvtt_public(live):
    talk = live.talk
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.ENDED)
    CaptionCue.objects.create(talk=talk, start_s=0, end_s=1.5, text="Bonjour.")
    vtt = reverse("forum:captions_vtt", kwargs={"slug": talk.slug})
    assert Client().get(vtt).status_code == 404
    organizer = signed_in(live.organizer_user)
    assert organizer.get(vtt).status_code == 200

    response = organizer.post(
        reverse("forum:caption_publish", kwargs={"slug": talk.slug}), {"action": "publish"}
    )

    assert response.status_code == 302
    assert captions.is_published(talk)
    public = Client().get(vtt)
    assert public["Content-Type"] == "text/vtt; charset=utf-8"
    assert public.content.decode() == "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour.\n"
