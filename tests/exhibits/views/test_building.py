import pytest
from django.core.files.base import ContentFile

from tests.exhibits.factories import (
    DemoFactory,
    JobProfileFactory,
    TestimonialFactory,
    TradeFactory,
    TrainingRouteFactory,
)
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.helpers import booked_class, seated_session
from usine.exhibits.models import Demo, TrainingRoute
from usine.fair.models import Edition
from usine.media import services as media
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
@pytest.mark.parametrize("state", [Edition.State.ARCHIVED, Edition.State.DRAFT])
def test_building_of_an_edition_not_shown_answers_404(client, state):
    EditionFactory(state=Edition.State.OPEN)
    BuildingFactory(slug="ancien-site", edition__state=state)

    response = client.get("/batiments/ancien-site/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_building_stays_open_after_the_fair(client):
    BuildingFactory(slug="ancien-site", name="Ancien site", edition__state=Edition.State.ARCHIVED)

    response = client.get("/batiments/ancien-site/")

    assert response.status_code == 200
    assert response.context["building"].name == "Ancien site"


# --- The part every visitor sees alike is drawn once, then drawn again after each change ----------


@pytest.mark.django_db
def test_a_second_visit_reads_no_row(client, building, django_assert_num_queries):
    JobProfileFactory(company=building.company, title="Soudeur")
    first = client.get("/batiments/vannes-aix/").content.decode()

    # The building, its company and edition come from the cache too, under the public version.
    with django_assert_num_queries(0):
        second = client.get("/batiments/vannes-aix/").content.decode()

    # The same bytes (no CSRF token on anonymous pages): the front cache may keep them.
    assert second == first
    assert "Soudeur" in second


def _rename_job(building):
    job = building.company.job_profiles.get()
    job.title = "Chaudronnière"
    job.save()


def _add_route(building):
    route = TrainingRoute.objects.get(name="BTS Chaudronnerie")
    building.company.job_profiles.get().training_routes.add(route)


def _unpublish(building):
    testimonial = building.company.testimonials.get()
    testimonial.published = False
    testimonial.save()


def _new_captions(building):
    video = building.company.testimonials.get().video
    media.set_captions(
        video=video,
        file=ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n", name="nouveaux.vtt"),
    )
    return f'src="/media/{video.captions.name}"'


def _rename_building(building):
    building.name = "Atelier des Vannes"
    building.save()


def _rename_company(building):
    building.company.name = "Robinetterie du Midi"
    building.company.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        (_rename_job, "Soudeur", "Chaudronnière"),
        (_add_route, "Formations à venir.", "BTS Chaudronnerie"),
        (_unpublish, "Inès", "Les témoignages de ce site arrivent bientôt."),
        (_new_captions, 'src="/media/videos/captions/clip.vtt"', None),
        (_rename_company, "<strong>Vannes SA</strong>", "<strong>Robinetterie du Midi</strong>"),
        (_rename_building, "<title>Atelier de robinetterie", "<title>Atelier des Vannes"),
    ],
)
def test_the_page_shows_a_change_at_once(client, building, change, before, after):
    building.company.name = "Vannes SA"
    building.company.save()
    JobProfileFactory(company=building.company, title="Soudeur")
    TrainingRouteFactory(name="BTS Chaudronnerie")  # not yet a route to the job
    TestimonialFactory(
        company=building.company, first_name="Inès", published=True, video=ready_video()
    )
    assert before in client.get("/batiments/vannes-aix/").content.decode()

    after = change(building) or after
    page = client.get("/batiments/vannes-aix/").content.decode()

    assert before not in page
    assert after in page


@pytest.mark.django_db
def test_each_language_gets_its_own_page(client, building):
    french = client.get("/batiments/vannes-aix/", headers={"Accept-Language": "fr"})
    english = client.get("/batiments/vannes-aix/", headers={"Accept-Language": "en"})

    assert "Retour à la ville" in french.content.decode()
    assert "Back to the town" in english.content.decode()
    assert "Retour à la ville" not in english.content.decode()


@pytest.mark.django_db
def test_the_session_bar_stays_each_pupils_own(client, building):
    booking = booked_class(pupils=2)
    first, second = booking.school_class.pupils.order_by("pseudonym")
    client.get("/batiments/vannes-aix/")  # an anonymous visitor draws the shared part

    pages = []
    for pupil in (first, second):
        client.cookies["sessionid"] = seated_session(pupil)
        pages.append(client.get("/batiments/vannes-aix/").content.decode())
    del client.cookies["sessionid"]
    anonymous = client.get("/batiments/vannes-aix/").content.decode()

    assert '<p class="session-who">Grue Rapide 1</p>' in pages[0]
    assert '<p class="session-who">Grue Rapide 2</p>' in pages[1]
    assert 'data-building="vannes-aix"' in pages[1]
    assert "data-session-bar" not in anonymous


@pytest.mark.django_db
def test_a_testimonials_job_is_in_english_on_the_english_page(client, building):
    job = JobProfileFactory(company=building.company, trade=TradeFactory(name_en="Ship welder"))
    TestimonialFactory(
        company=building.company,
        first_name="Inès",
        job=job,
        job_label="Apprentie soudeuse",
        published=True,
        video=ready_video(),
    )
    unlinked = TestimonialFactory(
        company=building.company, first_name="Léo", job_label="Cariste", published=True
    )
    unlinked.video = ready_video(playlist="videos/hls/2-def/master.m3u8")
    unlinked.save()

    english = client.get("/batiments/vannes-aix/", headers={"Accept-Language": "en"})
    french = client.get("/batiments/vannes-aix/", headers={"Accept-Language": "fr"})

    assert "Inès, Ship welder <span" in english.content.decode()
    assert "Léo, Cariste <span" in english.content.decode()  # no trade: the person's words
    assert "Inès, Apprentie soudeuse <span" in french.content.decode()
