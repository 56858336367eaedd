import pytest
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import DemoFactory, ExhibitorFactory
from tests.fair.factories import BuildingFactory
from tests.media.factories import VideoFactory
from tests.users.factories import UserFactory
from usine.exhibits import publication
from usine.exhibits.models import CompanyDraft
from usine.exhibits.publication import CompanyChange
from usine.fair.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client):
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture
def draft():
    building = BuildingFactory(company__name="Vannes du Sud", edition__review_publications=True)
    change = CompanyChange(name="Vannes du Nord", description="Des vannes.", look="lab")
    return publication.edit_company(company=building.company, change=change)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", reverse("exhibits:review_pending")),
        ("post", reverse("exhibits:review_setting")),
        ("post", reverse("exhibits:review_approve", args=[1])),
        ("post", reverse("exhibits:review_refuse", args=[1])),
    ],
)
def test_review_pages_are_for_organizers_only(client, method, url):
    client.force_login(ExhibitorFactory().user)
    assert getattr(client, method)(url).status_code == 403


def test_the_list_shows_the_public_and_the_proposed_versions(organizer, draft):
    html = organizer.get(reverse("exhibits:review_pending")).content.decode()
    assert "<td>Vannes du Sud</td><td>Vannes du Nord</td>" in html
    assert "Relecture obligatoire pour l'édition" in html


def test_approving_publishes_the_change(organizer, draft):
    response = organizer.post(reverse("exhibits:review_approve", args=[draft.pk]), follow=True)
    assert "Modification de Vannes du Nord publiée." in response.content.decode()
    assert "Vannes du Nord" in Client().get(draft.building.get_absolute_url()).content.decode()
    # Approving twice is a 404, not a second write.
    assert organizer.post(reverse("exhibits:review_approve", args=[draft.pk])).status_code == 404


def test_refusing_needs_a_reason_and_the_exhibitor_sees_it(organizer, draft):
    url = reverse("exhibits:review_refuse", args=[draft.pk])
    response = organizer.post(url, {"refusal_reason": "  "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    organizer.post(url, {"refusal_reason": "Le nom ne correspond pas au Kbis."})
    assert CompanyDraft.objects.get().state == "refused"
    exhibitor = ExhibitorFactory(company=draft.company)
    client = Client()
    client.force_login(exhibitor.user)
    html = client.get(reverse("exhibits:dashboard")).content.decode()
    assert "Le nom ne correspond pas au Kbis." in html


def test_the_setting_switches_review_for_the_open_edition(organizer, draft):
    edition = draft.building.edition
    organizer.post(reverse("exhibits:review_setting"), {"required": "False"})
    edition.refresh_from_db()
    assert edition.review_publications is False
    organizer.post(reverse("exhibits:review_setting"), {"required": "True"})
    edition.refresh_from_db()
    assert edition.review_publications is True


def test_the_setting_without_an_edition_says_so(organizer):
    Edition.objects.all().delete()
    response = organizer.post(reverse("exhibits:review_setting"), {"required": "True"}, follow=True)
    assert "Aucune édition en cours ou en préparation." in response.content.decode()


# --- Videos -------------------------------------------------------------------------------------


@pytest.fixture
def waiting_demo():
    building = BuildingFactory(company__name="Vannes du Sud", edition__review_publications=True)
    return DemoFactory(
        company=building.company,
        kind="video",
        title="Le banc d'essai",
        pending_video=VideoFactory(),
        awaiting_review=True,
    )


def test_the_list_shows_a_video_waiting_with_its_player_and_captions(organizer, waiting_demo):
    html = organizer.get(reverse("exhibits:review_pending")).content.decode()

    assert "Vannes du Sud — démonstration « Le banc d&#x27;essai »" in html
    assert f'data-hls="/media/{waiting_demo.pending_video.playlist}"' in html
    assert '<track kind="captions"' in html


def test_approving_a_video_puts_it_online(organizer, waiting_demo):
    url = reverse("exhibits:review_video_approve", args=["demo", waiting_demo.pk])

    response = organizer.post(url, follow=True)

    assert "Vidéo de Vannes du Sud publiée." in response.content.decode()
    waiting_demo.refresh_from_db()
    assert (waiting_demo.awaiting_review, waiting_demo.pending_video) == (False, None)


def test_refusing_a_video_without_a_reason_is_a_form_error(organizer, waiting_demo):
    url = reverse("exhibits:review_video_refuse", args=["demo", waiting_demo.pk])

    response = organizer.post(url, {"refusal_reason": ""})

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    waiting_demo.refresh_from_db()
    assert waiting_demo.awaiting_review is True


@pytest.mark.parametrize("kind", ["video", "temoignage"])
def test_an_unknown_kind_or_a_video_not_waiting_is_404(organizer, waiting_demo, kind):
    url = f"/organisation/publications/{kind}/{waiting_demo.pk}/accepter/"
    assert organizer.post(url).status_code == 404


def test_video_review_is_for_organizers_only(client, waiting_demo):
    client.force_login(ExhibitorFactory(company=waiting_demo.company).user)
    url = reverse("exhibits:review_video_approve", args=["demo", waiting_demo.pk])
    assert client.post(url).status_code == 403
