import pytest

from tests.exhibits.factories import (
    DemoFactory,
    JobProfileFactory,
    TestimonialFactory,
    TrainingRouteFactory,
)
from tests.fair.factories import BuildingFactory
from usine.exhibits.models import Demo
from usine.fair.models import Edition
from usine.media.models import Video


def ready_video(**fields):
    return Video.objects.create(
        **{
            "source": "videos/source/clip.mp4",
            "status": Video.Status.READY,
            "progress": 100,
            "playlist": "videos/hls/1-abc/master.m3u8",
            "poster": "videos/hls/1-abc/poster.jpg",
            "captions": "videos/captions/clip.vtt",
            **fields,
        }
    )


@pytest.fixture
def building():
    return BuildingFactory(slug="vannes-aix", name="Atelier de robinetterie")


@pytest.mark.django_db
def test_building_page_shows_published_testimonials_with_captions(client, building):
    TestimonialFactory(
        company=building.company,
        first_name="Inès",
        job_label="Soudeuse",
        transcript="Je soude des corps de vannes.",
        published=True,
        video=ready_video(),
    )

    page = client.get("/batiments/vannes-aix/").content.decode()

    assert "<h1>Atelier de robinetterie</h1>" in page
    assert 'data-hls="/media/videos/hls/1-abc/master.m3u8"' in page
    assert (
        '<track kind="captions" src="/media/videos/captions/clip.vtt" srclang="fr" '
        'label="Français" default>'
    ) in page
    assert "Je soude des corps de vannes." in page


@pytest.mark.django_db
def test_building_page_hides_unpublished_or_unready_testimonials(client, building):
    TestimonialFactory(company=building.company, first_name="Brouillon", published=False)
    TestimonialFactory(
        company=building.company,
        first_name="Encodage",
        published=True,
        video=Video.objects.create(source="videos/source/x.mp4", status=Video.Status.PROCESSING),
    )
    TestimonialFactory(
        company=building.company,
        first_name="SansSousTitres",
        published=True,
        video=ready_video(captions=""),
    )

    page = client.get("/batiments/vannes-aix/").content.decode()

    assert "Brouillon" not in page
    assert "Encodage" not in page
    assert "SansSousTitres" not in page
    assert "Les témoignages de ce site arrivent bientôt." in page


@pytest.mark.django_db
def test_building_page_lists_job_profiles_with_their_training_routes(client, building):
    job = JobProfileFactory(company=building.company, title="Chaudronnier·ère", in_shortage=True)
    job.training_routes.add(
        TrainingRouteFactory(
            name="Bac pro Technicien en chaudronnerie industrielle", duration_years=3
        )
    )

    page = client.get("/batiments/vannes-aix/").content.decode()

    assert "Chaudronnier·ère" in page
    assert "métier qui recrute" in page
    assert "Bac pro Technicien en chaudronnerie industrielle" in page


@pytest.mark.django_db
def test_building_page_shows_only_demos_that_have_something_to_show(client, building):
    DemoFactory(
        company=building.company, title="Vidéo prête", kind=Demo.Kind.VIDEO, video=ready_video()
    )
    DemoFactory(company=building.company, title="Série vide", kind=Demo.Kind.PHOTOS)

    page = client.get("/batiments/vannes-aix/").content.decode()

    assert "Vidéo prête" in page
    assert "Série vide" not in page


@pytest.mark.django_db
def test_unknown_building_answers_404(client, building):
    response = client.get("/batiments/nulle-part/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_building_of_an_edition_that_is_not_open_answers_404(client):
    BuildingFactory(slug="ancien-site", edition__state=Edition.State.ARCHIVED)

    response = client.get("/batiments/ancien-site/")

    assert response.status_code == 404
