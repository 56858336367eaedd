import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.fair.factories import EditionFactory
from tests.forum.factories import SpeakerFactory, StageFactory, TalkFactory
from tests.users.factories import UserFactory
from usine.forum.models import Speaker, Stage, Talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def png(width=800, height=600) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="PNG")
    return SimpleUploadedFile("portrait.png", out.getvalue(), content_type="image/png")


def test_the_organizers_pages_are_theirs_only(client):
    edition = EditionFactory()
    url = reverse("forum:organizer_programme", kwargs={"slug": edition.slug})
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_an_organizer_builds_a_programme(organizer_client):
    edition = EditionFactory()
    base = f"/organisation/editions/{edition.slug}/forum/"
    response = organizer_client.post(
        base + "scenes/nouvelle/", {"name": "Grand amphithéâtre", "slug": "grand", "order": 0}
    )
    assert response.status_code == 302
    stage = Stage.objects.get(edition=edition)

    response = organizer_client.post(
        base + "intervenants/nouveau/",
        {
            "name": "Claire Dubois",
            "role": "Ministre de l'Industrie",
            "company": "",
            "photo_alt": "Claire Dubois, souriante, devant une ligne d'assemblage",
            "new_photo": png(),
        },
    )
    assert response.status_code == 302
    minister = Speaker.objects.get(edition=edition)
    assert minister.photo.name.startswith("forum/speakers/")
    with Image.open(minister.photo.path) as kept:
        assert (kept.format, max(kept.size)) == ("JPEG", 480)
    host = SpeakerFactory(edition=edition, name="Malik Benali")

    response = organizer_client.post(
        base + "interventions/nouvelle/",
        {
            "title": "Ouverture du Forum",
            "slug": "ouverture",
            "stage": stage.pk,
            "kind": "talk",
            "starts_at": "2031-11-28T10:00",
            "ends_at": "2031-11-28T10:30",
            "abstract": "Pourquoi l'industrie recrute.",
            "speakers-TOTAL_FORMS": "3",
            "speakers-INITIAL_FORMS": "0",
            "speakers-MIN_NUM_FORMS": "0",
            "speakers-MAX_NUM_FORMS": "12",
            "speakers-0-speaker": host.pk,
            "speakers-0-part": "moderator",
            "speakers-0-position": "2",
            "speakers-1-speaker": minister.pk,
            "speakers-1-part": "speaker",
            "speakers-1-position": "1",
            "speakers-2-speaker": "",
            "speakers-2-part": "speaker",
            "speakers-2-position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    talk = Talk.objects.get(edition=edition)
    # Paris time typed, stored in UTC.
    assert talk.starts_at == datetime.datetime(2031, 11, 28, 9, 0, tzinfo=datetime.UTC)
    assert [(link.speaker.name, link.part) for link in talk.speaker_links.all()] == [
        ("Claire Dubois", "speaker"),
        ("Malik Benali", "moderator"),
    ]
    page = organizer_client.get(base).content.decode()
    assert "Ouverture du Forum" in page


def test_a_talk_with_its_end_before_its_start_is_refused_with_a_message(organizer_client):
    stage = StageFactory()
    response = organizer_client.post(
        f"/organisation/editions/{stage.edition.slug}/forum/interventions/nouvelle/",
        {
            "title": "À l'envers",
            "slug": "envers",
            "stage": stage.pk,
            "kind": "talk",
            "starts_at": "2031-11-28T10:00",
            "ends_at": "2031-11-28T09:00",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["La fin doit suivre le début."]
    assert not Talk.objects.exists()


def test_a_slug_already_taken_gets_a_field_error(organizer_client):
    talk = TalkFactory(slug="ouverture")
    response = organizer_client.post(
        f"/organisation/editions/{talk.edition.slug}/forum/interventions/nouvelle/",
        {
            "title": "Encore",
            "slug": "ouverture",
            "stage": talk.stage.pk,
            "kind": "talk",
            "starts_at": "2031-11-28T10:00",
            "ends_at": "2031-11-28T11:00",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Une intervention de cette édition porte déjà cet identifiant."
    ]


def test_a_photo_that_is_no_image_is_refused(organizer_client):
    edition = EditionFactory()
    response = organizer_client.post(
        f"/organisation/editions/{edition.slug}/forum/intervenants/nouveau/",
        {
            "name": "X",
            "role": "Y",
            "photo_alt": "Z",
            "new_photo": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "new_photo" in response.context["form"].errors
    assert not Speaker.objects.exists()


def test_an_organizer_puts_a_talk_on_air_and_ends_it(organizer_client):
    talk = TalkFactory()
    url = f"/organisation/editions/{talk.edition.slug}/forum/interventions/{talk.pk}/etat/"
    organizer_client.post(url, {"state": "live"})
    talk.refresh_from_db()
    assert talk.state == "live"
    organizer_client.post(url, {"state": "ended"})
    talk.refresh_from_db()
    assert talk.state == "ended"
    response = organizer_client.post(url, {"state": "n'importe quoi"}, follow=True)
    assert "Cet état n&#x27;existe pas." in response.content.decode()


def test_a_speaker_is_invited_opens_their_account_and_reaches_their_studio(
    organizer_client, client, django_capture_on_commit_callbacks
):
    talk = TalkFactory(title="Ouverture du Forum")
    speaker = SpeakerFactory(edition=talk.edition, name="Claire Dubois")
    talk.speaker_links.create(speaker=speaker, position=0)
    url = f"/organisation/editions/{talk.edition.slug}/forum/intervenants/{speaker.pk}/inviter/"
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(url, {"email": "Claire.Dubois@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["claire.dubois@example.org"]
    assert "Ouverture du Forum" in message.body
    link = next(line for line in message.body.splitlines() if "/intervenants/invitation/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    welcome = client.get("/" + path)
    assert welcome.status_code == 200
    response = client.post(
        "/" + path,
        {
            "new_password1": "un-mot-de-passe-solide-42",
            "new_password2": "un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/intervenants/studio/"
    talks_page = client.get("/intervenants/studio/").content.decode()
    assert "Ouverture du Forum" in talks_page
    studio = client.get(f"/intervenants/studio/{talk.edition.slug}/{talk.pk}/")
    assert studio.status_code == 200
    assert 'class="studio-panel"' in studio.content.decode()
    # The link served once.
    assert client.get("/" + path).status_code == 400


def test_a_studio_is_not_found_for_anyone_else(client):
    talk = TalkFactory()
    client.force_login(UserFactory())
    assert client.get(f"/intervenants/studio/{talk.edition.slug}/{talk.pk}/").status_code == 404
    assert client.get("/intervenants/studio/").status_code == 404


def test_an_organizers_address_is_never_invited_as_a_speaker(organizer_client):
    UserFactory(email="orga@example.org", is_staff=True)
    speaker = SpeakerFactory()
    url = f"/organisation/editions/{speaker.edition.slug}/forum/intervenants/{speaker.pk}/inviter/"
    response = organizer_client.post(url, {"email": "orga@example.org"})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"] == [
        "Cette adresse est celle d'un compte d'organisation."
    ]
