"""The demo edition's Forum, loaded on a fair day (see tests/demo/loading.py)."""

import datetime

from PIL import Image

from tests.demo.loading import PARIS
from usine.demo import forum as demo_forum
from usine.fair.models import Edition
from usine.forum.models import Speaker, Stage, Talk


def test_the_demo_forum_has_two_stages_and_eight_talks(demo):
    edition = Edition.objects.get()
    assert list(Stage.objects.filter(edition=edition).values_list("name", flat=True)) == [
        "Grand amphithéâtre",
        "Salle Océane",
    ]
    assert Talk.objects.filter(edition=edition).count() == 8
    assert Talk.objects.filter(kind="round_table").count() == 2
    table = Talk.objects.get(slug="femmes-industrie")
    assert [(link.speaker.name, link.part) for link in table.speaker_links.all()] == [
        ("Nadia Benkhaled", "speaker"),
        ("Sophie Arnaud", "speaker"),
        ("Inès Moreau", "speaker"),
        ("Malik Benali", "moderator"),
    ]


def test_loaded_on_a_fair_day_one_talk_is_live_and_two_are_over(demo):
    assert list(Talk.objects.filter(state="live").values_list("slug", flat=True)) == [
        "femmes-industrie"
    ]
    assert list(Talk.objects.filter(state="ended").values_list("slug", flat=True)) == [
        "ouverture",
        "metallurgie-demain",
    ]
    live = Talk.objects.get(state="live")
    # Loaded at 10:07: the live talk began at 9:45, a quarter of an hour before 10:00.
    assert live.starts_at.astimezone(PARIS) == datetime.datetime(2021, 11, 24, 9, 45, tzinfo=PARIS)
    assert "Forum : « Table ronde : les femmes dans l'industrie » est en direct" in demo


def test_the_demo_speaker_signs_in_and_opens_her_studio(demo, client):
    assert "Compte intervenant·e du Forum : intervenant-demo, même mot de passe" in demo
    speaker = Speaker.objects.get(user__username="intervenant-demo")
    assert speaker.name == "Inès Moreau"
    assert speaker.user.check_password("vannes-de-demo-2021")
    client.force_login(speaker.user)
    talks = client.get("/intervenants/studio/")
    assert [t.slug for t in talks.context["talks"]] == ["femmes-industrie", "eolien-en-mer"]


def test_every_speaker_has_a_drawn_portrait_described(demo):
    for speaker in Speaker.objects.all():
        assert speaker.photo_alt.startswith(f"Portrait dessiné de {speaker.name}")
        with Image.open(speaker.photo.path) as image:
            assert image.size == (320, 320)


def test_away_from_the_fair_days_the_forum_is_on_the_last_day_and_nothing_is_live():
    edition = Edition(starts_on=datetime.date(2021, 11, 22), ends_on=datetime.date(2021, 11, 26))
    before = datetime.datetime(2021, 11, 20, 12, 0, tzinfo=PARIS)
    assert demo_forum.day_start(edition=edition, now=before, live_at=95) == datetime.datetime(
        2021, 11, 26, 9, 30, tzinfo=PARIS
    )
