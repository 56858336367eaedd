"""The inside of a building as JSON (/api/town/<slug>) and the town page opened inside it
(/batiments/<slug>/interieur/)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.exhibits.factories import (
    DemoFactory,
    DemoPhotoFactory,
    JobProfileFactory,
    TestimonialFactory,
    TrainingRouteFactory,
)
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.media.factories import VideoFactory
from tests.schools.helpers import booked_class, seated_session
from usine.fair.models import Edition
from usine.town import interior


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def workshop():
    building = BuildingFactory(slug="vannes-aix", name="Atelier de robinetterie", look="workshop")
    company = building.company
    job = JobProfileFactory(company=company, title="Soudeuse TIG", salary_min=1900, salary_max=2800)
    job.training_routes.add(
        TrainingRouteFactory(name="CAP Réalisations industrielles", duration_years=2)
    )
    video = VideoFactory(playlist="videos/hls/7/master.m3u8", poster="videos/hls/7/poster.jpg")
    testimonial = TestimonialFactory(
        company=company,
        first_name="Inès",
        job_label="Apprentie soudeuse",
        job=job,
        published=True,
        video=video,
    )
    TestimonialFactory(company=company, first_name="Caché", published=False, video=VideoFactory())
    demo = DemoFactory(company=company, title="Une vanne de A à Z")
    DemoPhotoFactory(demo=demo, alt_text="Une soudeuse assemble un corps de vanne.")
    return building, job, testimonial, demo


@pytest.mark.django_db
def test_the_payload_holds_every_station_of_the_building(workshop):
    building, job, testimonial, demo = workshop

    payload = interior.interior_payload(building=building)

    page = "/batiments/vannes-aix/"
    assert payload["building"] == {
        "slug": "vannes-aix",
        "name": "Atelier de robinetterie",
        "company": building.company.name,
        "sector": "metallurgy",
        "sector_label": "métallurgie",
        "city": "Aix-en-Provence",
        "about": "Robinetterie industrielle pour l'énergie et la chimie.",
        "description": "",
        "look": "workshop",
        "zone": "land",
        "url": page,
    }
    assert payload["testimonials"] == [
        {
            "id": testimonial.pk,
            "name": "Inès",
            "job": "Apprentie soudeuse",
            "role": "apprenti·e",
            "job_id": job.pk,
            "url": f"{page}#testimonial-{testimonial.pk}",
            "hls": "/media/videos/hls/7/master.m3u8",
            "poster": "/media/videos/hls/7/poster.jpg",
            "captions": testimonial.video.captions.url,
            "captions_language": "fr",
            "captions_label": "Français",
        }
    ]
    assert payload["jobs"] == [
        {
            "id": job.pk,
            "title": "Soudeuse TIG",
            "in_shortage": True,
            "description": "Assembler des pièces métalliques par fusion.",
            "skills": ["Lire un plan", "Régler un poste à souder"],
            "conditions": "Atelier, équipements de protection, horaires en équipe.",
            "salary": "de 1900 € à 2800 €",
            "routes": [
                {
                    "name": "CAP Réalisations industrielles",
                    "kind": "CAP",
                    "duration": "2 ans après la 3e",
                }
            ],
            "url": f"{page}#job-{job.pk}",
        }
    ]
    assert payload["demos"] == [
        {
            "id": demo.pk,
            "title": "Une vanne de A à Z",
            "description": "",
            "kind": "photos",
            "video": None,
            "photos": [
                {
                    "url": demo.photos.get().image.url,
                    "alt": "Une soudeuse assemble un corps de vanne.",
                }
            ],
        }
    ]
    assert payload["stations"] == {
        "quiz": {"url": f"{page}#quiz"},
        "desk": {"url": f"{page}#desk", "ask": f"/batiments/{building.slug}/accueil/"},
    }


@pytest.mark.django_db
def test_the_api_answers_json_with_an_etag_and_a_304_to_it(client, workshop):
    url = reverse("town:interior_api", kwargs={"slug": "vannes-aix"})

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.json()["building"]["name"] == "Atelier de robinetterie"
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_the_api_is_built_once_then_read_from_the_cache(
    client, workshop, django_assert_num_queries
):
    url = reverse("town:interior_api", kwargs={"slug": "vannes-aix"})
    first = client.get(url).content

    with django_assert_num_queries(0):
        assert client.get(url).content == first


@pytest.mark.django_db
def test_a_change_of_the_building_shows_in_the_api_at_once(client, workshop):
    job = workshop[1]
    url = reverse("town:interior_api", kwargs={"slug": "vannes-aix"})
    client.get(url)

    job.title = "Soudeuse orbitale"
    job.save()

    assert client.get(url).json()["jobs"][0]["title"] == "Soudeuse orbitale"


@pytest.mark.django_db
def test_the_api_speaks_english_when_asked(client, workshop):
    url = reverse("town:interior_api", kwargs={"slug": "vannes-aix"})

    body = client.get(url, headers={"Accept-Language": "en"}).json()

    assert body["building"]["sector_label"] == "metalworking"
    assert body["testimonials"][0]["captions_label"] == "French"
    assert body["jobs"][0]["routes"][0]["duration"] == "2 years after lower secondary school (3e)"


@pytest.mark.django_db
def test_the_api_answers_404_with_a_message_for_an_unknown_building(client):
    BuildingFactory(slug="port-de-fos")

    response = client.get(
        reverse("town:interior_api", kwargs={"slug": "nulle-part"}),
        headers={"Accept-Language": "fr"},
    )

    assert response.status_code == 404
    assert response.json() == {"error": "Ce bâtiment n'existe pas dans la ville."}


@pytest.mark.django_db
def test_the_api_knows_no_building_of_an_edition_that_is_not_open(client):
    BuildingFactory(slug="brouillon", edition=EditionFactory(state=Edition.State.DRAFT))

    response = client.get(reverse("town:interior_api", kwargs={"slug": "brouillon"}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_api_refuses_other_methods(client, workshop):
    response = client.post(reverse("town:interior_api", kwargs={"slug": "vannes-aix"}))

    assert response.status_code == 405


@pytest.mark.django_db
def test_the_inside_page_is_the_town_page_titled_with_the_building(client, workshop):
    response = client.get(reverse("town:inside", kwargs={"slug": "vannes-aix"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Atelier de robinetterie · " in html
    assert 'data-inside-url="/batiments/__slug__/interieur/"' in html
    assert 'data-interior-api="/api/town/__slug__"' in html
    assert 'data-building-url="/batiments/__slug__/"' in html


@pytest.mark.django_db
def test_the_inside_page_of_an_unknown_building_is_a_404(client, workshop):
    response = client.get(reverse("town:inside", kwargs={"slug": "nulle-part"}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_pupils_session_bar_inside_counts_the_pupil_in_that_building(client, workshop):
    booking = booked_class()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.first())

    html = client.get(reverse("town:inside", kwargs={"slug": "vannes-aix"})).content.decode()

    assert "data-session-bar" in html
    assert 'data-building="vannes-aix"' in html
