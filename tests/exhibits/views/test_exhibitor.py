import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.exhibits.factories import (
    DemoFactory,
    DemoPhotoFactory,
    ExhibitorFactory,
    JobProfileFactory,
    TestimonialFactory,
    TrainingRouteFactory,
    catalogue_trade,
)
from tests.fair.factories import BuildingFactory
from tests.media.clips import make_clip, text_as_mp4, upload_of, vtt_upload
from tests.media.factories import VideoFactory
from tests.media.hls import fetch_ladder
from tests.users.factories import UserFactory
from usine.exhibits.models import Demo, DemoPhoto, JobProfile, Testimonial
from usine.media import services as media
from usine.media.models import Video

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def clip_path(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=2)


@pytest.fixture
def exhibitor():
    return ExhibitorFactory(company__name="Vannes du Sud")


@pytest.fixture
def signed_in(client, exhibitor):
    client.force_login(exhibitor.user)
    return client


def alerts(response) -> str:
    """The text of the parts announced to screen readers."""
    html = response.content.decode()
    blocks = re.findall(r'<(div|p|ul)\b[^>]*role="alert"[^>]*>(.*?)</\1>', html, re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", text).split()) for _, text in blocks)


def field_errors(response) -> str:
    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))


# --- Access -------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("exhibits:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=/exposant/"


def test_a_user_who_is_not_an_exhibitor_is_forbidden(client):
    client.force_login(UserFactory())

    assert client.get(reverse("exhibits:dashboard")).status_code == 403
    assert client.get(reverse("exhibits:testimonial_create")).status_code == 403


def test_login_lands_on_the_dashboard(client, exhibitor):
    response = client.post(
        reverse("login"),
        {"username": exhibitor.user.username, "password": "motdepasse-solide-42"},
    )

    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/exposant/"


def test_posts_need_the_csrf_token(exhibitor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(exhibitor.user)

    response = client.post(
        reverse("exhibits:testimonial_create"),
        {"first_name": "Inès", "role": "apprentice", "gender": "woman", "job_label": "Apprentie"},
    )

    assert response.status_code == 403
    assert Testimonial.objects.count() == 0


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_lists_the_companys_content_only(signed_in, exhibitor):
    company = exhibitor.company
    BuildingFactory(company=company, name="Usine de robinets")
    pending = VideoFactory(pending=True, status=Video.Status.PROCESSING, progress=37)
    TestimonialFactory(company=company, first_name="Inès", pending_video=pending)
    JobProfileFactory(company=company, title="Tuyauteur·se")
    DemoFactory(company=company, title="Robot de soudage", kind=Demo.Kind.VIDEO)
    TestimonialFactory(first_name="Autre-entreprise")

    response = signed_in.get(reverse("exhibits:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Vannes du Sud</h1>" in html
    assert "Usine de robinets" in html
    assert "Inès" in html
    assert "Tuyauteur·se" in html
    assert "Robot de soudage" in html
    assert "Autre-entreprise" not in html
    assert f'data-url="/api/videos/{pending.pk}/progress"' in html
    assert 'value="37"' in html
    assert 'aria-live="polite"' in html
    assert "/static/media/progress.js" in html


def test_dashboard_shows_a_failed_conversion_beside_the_published_video(signed_in, exhibitor):
    failed = VideoFactory(
        pending=True, status=Video.Status.FAILED, error="Ce fichier ne contient pas d'image vidéo."
    )
    TestimonialFactory(
        company=exhibitor.company, video=VideoFactory(), pending_video=failed, published=True
    )

    response = signed_in.get(reverse("exhibits:dashboard"))

    assert "Ce fichier ne contient pas d&#x27;image vidéo." in alerts(response)
    assert "La vidéo en ligne reste inchangée." in alerts(response)


# --- Testimonials -------------------------------------------------------------------------------


def test_create_a_testimonial(signed_in, exhibitor):
    job = JobProfileFactory(company=exhibitor.company)

    response = signed_in.post(
        reverse("exhibits:testimonial_create"),
        {
            "first_name": "Inès",
            "role": "apprentice",
            "gender": "woman",
            "job": job.pk,
            "job_label": "Apprentie chaudronnière",
            "transcript": "Je forme des tôles.",
        },
    )

    testimonial = Testimonial.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exhibits:testimonial_video", args=[testimonial.pk])
    assert testimonial.company == exhibitor.company
    assert testimonial.job == job
    assert testimonial.published is False


def test_the_testimonial_form_explains_gender_and_labels_every_input(signed_in):
    html = signed_in.get(reverse("exhibits:testimonial_create")).content.decode()

    assert "Utilisé uniquement en statistiques d&#x27;ensemble" in html
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    ids = [i for i in ids if i != "language-select"]
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


def test_the_job_list_offers_only_the_companys_job_profiles(signed_in, exhibitor):
    own = JobProfileFactory(company=exhibitor.company, title="Robinetier·ère")
    JobProfileFactory(title="Métier d'ailleurs")

    html = signed_in.get(reverse("exhibits:testimonial_create")).content.decode()

    assert f'<option value="{own.pk}">Robinetier·ère</option>' in html
    assert "Métier d" not in html


def test_another_companys_job_is_a_form_error_and_keeps_the_input(signed_in):
    foreign = JobProfileFactory()

    response = signed_in.post(
        reverse("exhibits:testimonial_create"),
        {
            "first_name": "Inès",
            "role": "apprentice",
            "gender": "woman",
            "job": foreign.pk,
            "job_label": "Apprentie chaudronnière",
        },
    )

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in field_errors(response)
    assert 'value="Apprentie chaudronnière"' in response.content.decode()
    assert "corrigez les points signalés" in alerts(response)
    assert Testimonial.objects.count() == 0


def test_edit_a_testimonial(signed_in, exhibitor):
    testimonial = TestimonialFactory(company=exhibitor.company, first_name="Inès")

    response = signed_in.post(
        reverse("exhibits:testimonial_edit", args=[testimonial.pk]),
        {"first_name": "Inès", "role": "professional", "gender": "unsaid", "job_label": "Cheffe"},
    )

    assert response.status_code == 302
    testimonial.refresh_from_db()
    assert (testimonial.role, testimonial.job_label) == ("professional", "Cheffe")


def test_delete_a_testimonial_asks_first(signed_in, exhibitor):
    testimonial = TestimonialFactory(company=exhibitor.company, first_name="Inès")
    url = reverse("exhibits:testimonial_delete", args=[testimonial.pk])

    page = signed_in.get(url)
    assert "Supprimer le témoignage de Inès ?" in page.content.decode()
    assert Testimonial.objects.count() == 1

    assert signed_in.post(url).status_code == 302
    assert Testimonial.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "testimonial_edit",
        "testimonial_delete",
        "testimonial_video",
        "testimonial_captions",
        "testimonial_publish",
    ],
)
def test_another_companys_testimonial_is_not_found(signed_in, name):
    other = TestimonialFactory(first_name="Autre", video=VideoFactory())
    url = reverse(f"exhibits:{name}", args=[other.pk])

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, {"first_name": "Pirate", "published": "False"}).status_code == 404
    other.refresh_from_db()
    assert other.first_name == "Autre"
    assert Testimonial.objects.filter(pk=other.pk).exists()


# --- Videos and captions ------------------------------------------------------------------------


def test_upload_a_video_with_captions(signed_in, exhibitor, clip_path):
    testimonial = TestimonialFactory(company=exhibitor.company)
    url = reverse("exhibits:testimonial_video", args=[testimonial.pk])

    response = signed_in.post(url, {"video": upload_of(clip_path), "captions": vtt_upload()})

    assert response.status_code == 302
    assert response["Location"] == url
    testimonial.refresh_from_db()
    assert testimonial.pending_video.status == Video.Status.PENDING
    assert testimonial.pending_video.captions
    page = signed_in.get(url).content.decode()
    assert f'data-url="/api/videos/{testimonial.pending_video.pk}/progress"' in page


def test_a_text_file_renamed_mp4_is_refused_and_the_published_video_stays(signed_in, exhibitor):
    published = VideoFactory()
    testimonial = TestimonialFactory(company=exhibitor.company, video=published, published=True)

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {"video": text_as_mp4(), "captions": vtt_upload()},
    )

    assert response.status_code == 200
    assert "Ce fichier n&#x27;est pas une vidéo lisible." in field_errors(response)
    assert 'role="alert"' in response.content.decode()
    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video, testimonial.published) == (
        published,
        None,
        True,
    )
    assert Video.objects.count() == 1


def test_an_oversized_upload_is_refused(signed_in, exhibitor, clip_path, settings):
    settings.VIDEO_MAX_BYTES = 1000
    testimonial = TestimonialFactory(company=exhibitor.company)

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {"video": upload_of(clip_path)},
    )

    assert response.status_code == 200
    assert "Cette vidéo dépasse la taille maximale de 1 Mo." in field_errors(response)
    assert Video.objects.count() == 0


def test_broken_webvtt_is_refused_with_the_reason(signed_in, exhibitor, clip_path):
    testimonial = TestimonialFactory(company=exhibitor.company)

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {
            "video": upload_of(clip_path),
            "captions": vtt_upload(b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nTrop tard\n"),
        },
    )

    assert response.status_code == 200
    assert "Le sous-titre n° 1 (00:00:02.000) finit avant de commencer." in field_errors(response)
    html = response.content.decode()
    assert "Vidéo reçue : clip.mp4. Elle est gardée" in html
    # Only a corrected caption file is asked for, on the captions page.
    captions_url = reverse("exhibits:testimonial_captions", args=[testimonial.pk])
    assert f'action="{captions_url}"' in html
    assert 'name="video"' not in html
    testimonial.refresh_from_db()
    assert testimonial.pending_video == Video.objects.get()

    response = signed_in.post(captions_url, {"captions": vtt_upload()})
    assert response.status_code == 302
    testimonial.pending_video.refresh_from_db()
    assert testimonial.pending_video.captions.name.startswith("videos/captions/")


def test_a_published_testimonials_new_video_needs_captions(signed_in, exhibitor, clip_path):
    testimonial = TestimonialFactory(
        company=exhibitor.company, video=VideoFactory(), published=True
    )

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {"video": upload_of(clip_path)},
    )

    assert response.status_code == 200
    assert "Ce témoignage est publié : joignez les sous-titres" in field_errors(response)
    assert Video.objects.count() == 1


def test_replace_only_the_captions(signed_in, exhibitor):
    video = VideoFactory(captions=None)
    testimonial = TestimonialFactory(company=exhibitor.company, video=video)
    url = reverse("exhibits:testimonial_captions", args=[testimonial.pk])

    response = signed_in.post(url, {"captions": vtt_upload()})

    assert response.status_code == 302
    video.refresh_from_db()
    assert video.captions.name.startswith("videos/captions/")


def test_broken_captions_keep_the_old_ones(signed_in, exhibitor):
    video = VideoFactory()
    name = video.captions.name
    testimonial = TestimonialFactory(company=exhibitor.company, video=video)

    response = signed_in.post(
        reverse("exhibits:testimonial_captions", args=[testimonial.pk]),
        {"captions": vtt_upload("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nÉté\n".encode("cp1252"))},
    )

    assert response.status_code == 200
    assert "Les sous-titres doivent être enregistrés en UTF-8" in field_errors(response)
    video.refresh_from_db()
    assert video.captions.name == name


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_without_captions_is_a_form_error(signed_in, exhibitor):
    testimonial = TestimonialFactory(company=exhibitor.company, video=VideoFactory(captions=None))

    response = signed_in.post(
        reverse("exhibits:testimonial_publish", args=[testimonial.pk]), {"published": "True"}
    )

    assert response.status_code == 200
    assert "Ajoutez les sous-titres (WebVTT) de la vidéo avant de publier" in alerts(response)
    testimonial.refresh_from_db()
    assert testimonial.published is False


def test_publish_then_unpublish(signed_in, exhibitor):
    testimonial = TestimonialFactory(company=exhibitor.company, video=VideoFactory())
    url = reverse("exhibits:testimonial_publish", args=[testimonial.pk])

    assert signed_in.post(url, {"published": "True"}).status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.published is True

    assert signed_in.post(url, {"published": "False"}).status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.published is False


# --- Job profiles -------------------------------------------------------------------------------


def job_data(**overrides):
    return {
        "trade": str(catalogue_trade("H2914").pk),
        "title": "Tuyauteur·se",
        "description": "Assembler des réseaux de tuyauterie.",
        "skills": "Lire un isométrique\n\n  Souder  \n",
        "working_conditions": "Chantier et atelier.",
        "salary_min": "1900",
        "salary_max": "2700",
        "in_shortage": "on",
        **overrides,
    }


def test_create_a_job_profile(signed_in, exhibitor):
    routes = [TrainingRouteFactory(), TrainingRouteFactory()]

    response = signed_in.post(
        reverse("exhibits:job_create"), job_data(training_routes=[r.pk for r in routes])
    )

    assert response.status_code == 302
    job = JobProfile.objects.get()
    assert (job.company, job.trade.code) == (exhibitor.company, "H2914")
    assert job.skill_list == ["Lire un isométrique", "Souder"]
    assert job.in_shortage is True
    assert set(job.training_routes.all()) == set(routes)


def test_salary_min_above_max_is_a_form_error_and_keeps_the_input(signed_in):
    response = signed_in.post(
        reverse("exhibits:job_create"), job_data(salary_min="3000", salary_max="2000")
    )

    assert response.status_code == 200
    assert "Le maximum est inférieur au minimum." in field_errors(response)
    assert 'value="Tuyauteur·se"' in response.content.decode()
    assert JobProfile.objects.count() == 0


def test_edit_and_delete_a_job_profile(signed_in, exhibitor):
    job = JobProfileFactory(company=exhibitor.company)

    response = signed_in.post(
        reverse("exhibits:job_edit", args=[job.pk]), job_data(title="Soudeur·se TIG")
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Soudeur·se TIG"

    assert signed_in.post(reverse("exhibits:job_delete", args=[job.pk])).status_code == 302
    assert JobProfile.objects.count() == 0


@pytest.mark.parametrize("name", ["job_edit", "job_delete"])
def test_another_companys_job_profile_is_not_found(signed_in, name):
    other = JobProfileFactory(title="Intouchable")
    url = reverse(f"exhibits:{name}", args=[other.pk])

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, job_data()).status_code == 404
    other.refresh_from_db()
    assert other.title == "Intouchable"


# --- Demos --------------------------------------------------------------------------------------


def test_create_a_video_demo_goes_to_its_upload_page(signed_in, exhibitor):
    response = signed_in.post(
        reverse("exhibits:demo_create"), {"title": "Soudage robotisé", "kind": "video"}
    )

    demo = Demo.objects.get()
    assert demo.company == exhibitor.company
    assert response["Location"] == reverse("exhibits:demo_video", args=[demo.pk])


def test_create_a_photo_demo_and_add_described_photos(signed_in, exhibitor):
    response = signed_in.post(
        reverse("exhibits:demo_create"), {"title": "L'atelier", "kind": "photos"}
    )
    demo = Demo.objects.get()
    url = reverse("exhibits:demo_photos", args=[demo.pk])
    assert response["Location"] == url

    image = DemoPhotoFactory.build().image
    missing_alt = signed_in.post(url, {"image": image, "alt_text": ""})
    assert missing_alt.status_code == 200
    assert "Ce champ est obligatoire." in field_errors(missing_alt)
    assert DemoPhoto.objects.count() == 0

    image.seek(0)
    described = signed_in.post(url, {"image": image, "alt_text": "Un tour à commande numérique."})
    assert described.status_code == 302
    photo = DemoPhoto.objects.get()
    assert (photo.demo, photo.alt_text) == (demo, "Un tour à commande numérique.")
    assert 'alt="Un tour à commande numérique."' in signed_in.get(url).content.decode()


def test_a_non_image_photo_is_a_form_error(signed_in, exhibitor):
    demo = DemoFactory(company=exhibitor.company, kind=Demo.Kind.PHOTOS)

    response = signed_in.post(
        reverse("exhibits:demo_photos", args=[demo.pk]),
        {"image": text_as_mp4(), "alt_text": "Une photo"},
    )

    assert response.status_code == 200
    assert "Téléversez une image valide." in field_errors(response)
    assert DemoPhoto.objects.count() == 0


def test_upload_a_demo_video(signed_in, exhibitor, clip_path):
    demo = DemoFactory(company=exhibitor.company, kind=Demo.Kind.VIDEO)

    response = signed_in.post(
        reverse("exhibits:demo_video", args=[demo.pk]),
        {"video": upload_of(clip_path), "captions": vtt_upload()},
    )

    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.pending_video is not None


def test_a_demo_video_without_captions_is_a_form_error(signed_in, exhibitor, clip_path):
    demo = DemoFactory(company=exhibitor.company, kind=Demo.Kind.VIDEO)

    response = signed_in.post(
        reverse("exhibits:demo_video", args=[demo.pk]), {"video": upload_of(clip_path)}
    )

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in field_errors(response)
    assert Video.objects.count() == 0


def test_the_wrong_kind_of_demo_page_is_not_found(signed_in, exhibitor):
    photos = DemoFactory(company=exhibitor.company, kind=Demo.Kind.PHOTOS)
    video = DemoFactory(company=exhibitor.company, kind=Demo.Kind.VIDEO)

    assert signed_in.get(reverse("exhibits:demo_video", args=[photos.pk])).status_code == 404
    assert signed_in.get(reverse("exhibits:demo_photos", args=[video.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["demo_edit", "demo_delete", "demo_video", "demo_captions", "demo_photos"]
)
def test_another_companys_demo_is_not_found(signed_in, name):
    other = DemoFactory(
        title="Intouchable", kind=Demo.Kind.PHOTOS if name == "demo_photos" else Demo.Kind.VIDEO
    )
    url = reverse(f"exhibits:{name}", args=[other.pk])

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, {"title": "Pirate"}).status_code == 404
    other.refresh_from_db()
    assert other.title == "Intouchable"


def test_another_companys_photo_cannot_be_deleted(signed_in, exhibitor):
    photo = DemoPhotoFactory()
    own_demo = DemoFactory(company=exhibitor.company, kind=Demo.Kind.PHOTOS)

    for demo_pk in (photo.demo.pk, own_demo.pk):
        url = reverse("exhibits:demo_photo_delete", args=[demo_pk, photo.pk])
        assert signed_in.post(url).status_code == 404
    assert DemoPhoto.objects.filter(pk=photo.pk).exists()


# --- On S3: the whole path through a real bucket ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_on_s3_a_new_upload_replaces_the_published_video_and_its_objects(
    signed_in, exhibitor, clip_path, s3_storage
):
    building = BuildingFactory(company=exhibitor.company, slug="vannes-du-sud")
    old = media.store_video(upload=upload_of(clip_path), captions=vtt_upload())
    media.transcode(video=old)
    testimonial = TestimonialFactory(company=exhibitor.company, video=old, published=True)
    old_objects = bucket_keys(s3_storage)

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {"video": upload_of(clip_path), "captions": vtt_upload()},
    )
    assert response.status_code == 302
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    testimonial.refresh_from_db()
    new = testimonial.video
    assert (new.status, testimonial.pending_video, testimonial.published) == (
        Video.Status.READY,
        None,
        True,
    )
    assert not Video.objects.filter(pk=old.pk).exists()
    objects = bucket_keys(s3_storage)
    assert set(objects).isdisjoint(old_objects)  # the replaced video left the bucket
    assert {new.source.name, new.captions.name, new.playlist, new.poster} <= set(objects)
    page = Client().get(building.get_absolute_url()).content.decode()
    playlist_url = s3_storage.url(new.playlist)
    assert f'data-hls="{playlist_url}"' in page
    assert f'src="{s3_storage.url(new.captions.name)}"' in page
    assert fetch_ladder(playlist_url)


def bucket_keys(storage) -> list[str]:
    listed = storage.connection.meta.client.list_objects_v2(Bucket=storage.bucket_name)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def test_when_the_bucket_does_not_answer_the_exhibitor_is_told_to_try_again(
    signed_in, exhibitor, clip_path, unreachable_s3_storage
):
    testimonial = TestimonialFactory(company=exhibitor.company)

    response = signed_in.post(
        reverse("exhibits:testimonial_video", args=[testimonial.pk]),
        {"video": upload_of(clip_path), "captions": vtt_upload()},
    )

    assert response.status_code == 200
    assert alerts(response) == (
        "Le formulaire n'a pas été enregistré : corrigez les points signalés. "
        "Les vidéos ne peuvent pas être enregistrées pour le moment. Réessayez dans quelques "
        "minutes ; la vidéo déjà publiée reste en ligne."
    )
    testimonial.refresh_from_db()
    assert testimonial.pending_video is None


# --- The company and its building ---------------------------------------------------------------


def test_the_dashboard_links_to_the_company_page_and_the_invitations(signed_in):
    html = signed_in.get(reverse("exhibits:dashboard")).content.decode()
    assert f'href="{reverse("exhibits:company_edit")}"' in html
    assert f'href="{reverse("professionals:exhibitor_invite")}"' in html


def test_an_exhibitor_edits_the_company_and_building_and_the_public_page_shows_it(
    signed_in, exhibitor
):
    building = BuildingFactory(company=exhibitor.company)
    page = signed_in.get(reverse("exhibits:company_edit"))
    assert page.status_code == 200
    assert 'value="Vannes du Sud"' in page.content.decode()
    response = signed_in.post(
        reverse("exhibits:company_edit"),
        {
            "name": "Vannes du Nord",
            "description": "Des vannes pour l'eau potable.",
            "building_description": "Un atelier de fonderie au bord du port.",
            "look": "refinery",
            "logo": _png(),
        },
    )
    assert response.status_code == 302
    public = Client().get(building.get_absolute_url()).content.decode()
    assert "Vannes du Nord" in public
    assert "Un atelier de fonderie au bord du port." in public
    building.refresh_from_db()
    assert building.look == "refinery"


def test_with_review_the_exhibitor_is_told_the_change_waits(signed_in, exhibitor):
    building = BuildingFactory(company=exhibitor.company, edition__review_publications=True)
    form = {"name": "Vannes du Nord", "description": "Des vannes.", "look": "lab"}
    response = signed_in.post(reverse("exhibits:company_edit"), form, follow=True)
    html = response.content.decode()
    assert "modifications attendent l'accord des organisateurs" in html
    assert "Vannes du Nord" not in Client().get(building.get_absolute_url()).content.decode()
    # The form goes on showing the waiting change.
    assert (
        'value="Vannes du Nord"' in signed_in.get(reverse("exhibits:company_edit")).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  ", "description": "x", "look": "lab"}, "name", "Ce champ est obligatoire."),
        (
            {"name": "A", "description": "x", "look": "castle"},
            "look",
            "Sélectionnez un choix valide",
        ),
        ({"name": "A" * 121, "description": "x", "look": "lab"}, "name", "au plus 120 caractères"),
        ({"name": "A", "description": "x\0", "look": "lab"}, None, None),
    ],
)
def test_bad_company_forms_get_messages(signed_in, exhibitor, data, field, message):
    BuildingFactory(company=exhibitor.company)
    response = signed_in.post(reverse("exhibits:company_edit"), data)
    if field is None:  # control characters are removed, the rest is saved
        assert response.status_code == 302
        exhibitor.company.refresh_from_db()
        assert exhibitor.company.description == "x"
        return
    assert response.status_code == 200
    assert message in field_errors(response)


def test_a_logo_that_is_not_an_image_gets_a_message(signed_in, exhibitor):
    BuildingFactory(company=exhibitor.company)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = signed_in.post(
        reverse("exhibits:company_edit"),
        {"name": "A", "description": "x", "look": "lab", "logo": fake},
    )
    assert response.status_code == 200
    assert "Téléversez une image valide." in field_errors(response)


def test_without_a_building_only_the_company_is_edited(signed_in, exhibitor):
    html = signed_in.get(reverse("exhibits:company_edit")).content.decode()
    assert 'name="look"' not in html
    assert "pas encore placé votre bâtiment" in html
    response = signed_in.post(reverse("exhibits:company_edit"), {"name": "B", "description": "y"})
    assert response.status_code == 302


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 90, 160, 255)).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")
