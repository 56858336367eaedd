from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from tests.exhibits.factories import (
    CompanyFactory,
    DemoFactory,
    DemoPhotoFactory,
    JobProfileFactory,
    TestimonialFactory,
    TradeFactory,
    TrainingRouteFactory,
)
from tests.media.clips import make_clip, text_as_mp4, upload_of, vtt_upload
from tests.media.factories import VideoFactory
from usine.exhibits import services
from usine.exhibits.models import Demo, DemoPhoto, JobProfile, Testimonial
from usine.exhibits.services import CaptionsRejected, ExhibitError
from usine.media import services as media
from usine.media.models import Video
from usine.media.services import InvalidVideo
from usine.media.signals import video_failed, video_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def clip_path(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=2)


# --- Testimonials ---------------------------------------------------------------------------------


def test_save_testimonial_sets_the_company():
    company = CompanyFactory()
    job = JobProfileFactory(company=company)
    testimonial = Testimonial(
        first_name="Inès", role="apprentice", gender="woman", job=job, job_label="Apprentie"
    )

    services.save_testimonial(company=company, testimonial=testimonial)

    saved = Testimonial.objects.get()
    assert (saved.company, saved.job, saved.first_name) == (company, job, "Inès")


def test_save_testimonial_refuses_another_companys_job():
    company = CompanyFactory()
    testimonial = Testimonial(
        first_name="Inès", role="apprentice", job=JobProfileFactory(), job_label="Apprentie"
    )

    with pytest.raises(ExhibitError) as caught:
        services.save_testimonial(company=company, testimonial=testimonial)

    assert caught.value.field == "job"
    assert caught.value.message == "Choisissez une fiche métier de votre entreprise."
    assert Testimonial.objects.count() == 0


def test_upload_becomes_the_pending_video_and_is_enqueued_with_it(
    clip_path, django_capture_on_commit_callbacks
):
    published = VideoFactory()
    testimonial = TestimonialFactory(video=published, published=True)

    with django_capture_on_commit_callbacks(execute=True):
        video = services.upload_testimonial_video(
            testimonial=testimonial, upload=upload_of(clip_path), captions=vtt_upload()
        )

    testimonial.refresh_from_db()
    assert testimonial.pending_video == video
    assert testimonial.video == published  # still online until the new one is ready
    assert testimonial.published is True
    assert DBTaskResult.objects.get().args_kwargs["args"] == [video.pk]


def test_a_new_upload_replaces_the_previous_pending_one(
    clip_path, settings, django_capture_on_commit_callbacks
):
    failed = VideoFactory(pending=True, status=Video.Status.FAILED, error="abîmée")
    testimonial = TestimonialFactory(pending_video=failed)
    failed_source = Path(failed.source.path)

    with django_capture_on_commit_callbacks(execute=True):
        video = services.upload_testimonial_video(
            testimonial=testimonial, upload=upload_of(clip_path)
        )

    testimonial.refresh_from_db()
    assert testimonial.pending_video == video
    assert not Video.objects.filter(pk=failed.pk).exists()
    assert not failed_source.exists()


def test_a_non_video_upload_changes_nothing():
    published = VideoFactory()
    testimonial = TestimonialFactory(video=published, published=True)

    with pytest.raises(InvalidVideo):
        services.upload_testimonial_video(
            testimonial=testimonial, upload=text_as_mp4(), captions=vtt_upload()
        )

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video) == (published, None)
    assert Video.objects.count() == 1
    assert DBTaskResult.objects.count() == 0


def test_broken_captions_keep_the_valid_video_and_ask_for_other_captions(
    clip_path, django_capture_on_commit_callbacks
):
    testimonial = TestimonialFactory()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CaptionsRejected) as caught,
    ):
        services.upload_testimonial_video(
            testimonial=testimonial, upload=upload_of(clip_path), captions=vtt_upload(b"WEBVTT")
        )

    assert (caught.value.field, caught.value.message) == (
        "captions",
        "Le fichier WebVTT ne contient aucun sous-titre.",
    )
    testimonial.refresh_from_db()
    assert testimonial.pending_video == caught.value.video
    assert testimonial.pending_video.captions.name == ""
    assert DBTaskResult.objects.count() == 1  # its conversion is under way


def test_a_published_testimonial_needs_captions_with_its_new_video(clip_path):
    testimonial = TestimonialFactory(video=VideoFactory(), published=True)

    with pytest.raises(ExhibitError) as caught:
        services.upload_testimonial_video(testimonial=testimonial, upload=upload_of(clip_path))

    assert caught.value.field == "captions"
    assert Video.objects.count() == 1


def test_a_ready_video_replaces_the_published_one(django_capture_on_commit_callbacks, settings):
    old = VideoFactory()
    old_source = Path(old.source.path)
    new = VideoFactory()
    testimonial = TestimonialFactory(video=old, pending_video=new, published=True)

    with django_capture_on_commit_callbacks(execute=True):
        video_ready.send(sender=Video, video=new)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video) == (new, None)
    assert testimonial.published is True
    assert not Video.objects.filter(pk=old.pk).exists()
    assert not old_source.exists()


def test_a_ready_video_without_captions_waits_for_them_and_the_published_one_stays():
    published = VideoFactory()
    new = VideoFactory(captions=None)
    testimonial = TestimonialFactory(video=published, pending_video=new, published=True)

    video_ready.send(sender=Video, video=new)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video, testimonial.published) == (
        published,
        new,
        True,
    )
    services.replace_testimonial_captions(testimonial=testimonial, file=vtt_upload())
    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video, testimonial.published) == (
        new,
        None,
        True,
    )


def test_captions_given_during_the_conversion_let_the_video_go_online():
    new = VideoFactory(captions=None)
    demo = DemoFactory(kind=Demo.Kind.VIDEO, pending_video=new)
    stale = Video.objects.get(pk=new.pk)  # what the worker loaded before the captions came
    media.set_captions(video=new, file=vtt_upload())

    video_ready.send(sender=Video, video=stale)

    demo.refresh_from_db()
    assert (demo.video, demo.pending_video) == (new, None)


def test_an_unpublished_testimonial_takes_its_video_without_captions():
    new = VideoFactory(captions=None)
    testimonial = TestimonialFactory(pending_video=new)

    video_ready.send(sender=Video, video=new)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.published) == (new, False)


def test_a_failed_video_leaves_the_published_one_online():
    published = VideoFactory()
    failed = VideoFactory(pending=True, status=Video.Status.FAILED, error="abîmée")
    testimonial = TestimonialFactory(video=published, pending_video=failed, published=True)

    video_failed.send(sender=Video, video=failed)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video) == (published, failed)
    assert testimonial.published is True


def test_a_ready_demo_video_goes_online():
    new = VideoFactory()
    demo = DemoFactory(kind=Demo.Kind.VIDEO, pending_video=new)

    video_ready.send(sender=Video, video=new)

    demo.refresh_from_db()
    assert (demo.video, demo.pending_video) == (new, None)


def test_upload_transcode_and_swap_end_to_end(clip_path, django_capture_on_commit_callbacks):
    testimonial = TestimonialFactory(video=VideoFactory(), published=True)
    with django_capture_on_commit_callbacks(execute=True):
        video = services.upload_testimonial_video(
            testimonial=testimonial, upload=upload_of(clip_path), captions=vtt_upload()
        )

    with django_capture_on_commit_callbacks(execute=True):
        media.transcode(video=video)  # what the worker runs

    testimonial.refresh_from_db()
    assert testimonial.video == video
    assert testimonial.video.status == Video.Status.READY
    assert testimonial.pending_video is None
    assert testimonial.can_be_published


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("no video", "Envoyez d'abord une vidéo : un témoignage se publie avec sa vidéo."),
        (
            "converting",
            "La vidéo est en cours de conversion : publiez-la quand elle sera prête.",
        ),
        (
            "no captions",
            "Ajoutez les sous-titres (WebVTT) de la vidéo avant de publier : chaque vidéo du "
            "salon est sous-titrée.",
        ),
    ],
)
def test_publishing_needs_a_ready_video_with_captions(state, message):
    testimonial = TestimonialFactory()
    if state == "converting":
        testimonial.pending_video = VideoFactory(pending=True)
    if state == "no captions":
        testimonial.video = VideoFactory(captions=None)
    testimonial.save()

    with pytest.raises(ExhibitError) as caught:
        services.set_testimonial_published(testimonial=testimonial, published=True)

    assert caught.value.message == message
    assert Testimonial.objects.get().published is False


def test_publish_and_unpublish():
    testimonial = TestimonialFactory(video=VideoFactory())

    services.set_testimonial_published(testimonial=testimonial, published=True)
    assert Testimonial.objects.get().published is True

    services.set_testimonial_published(testimonial=testimonial, published=False)
    assert Testimonial.objects.get().published is False


def test_captions_go_to_the_pending_video_first():
    published, pending = VideoFactory(), VideoFactory(pending=True)
    testimonial = TestimonialFactory(video=published, pending_video=pending)

    target = services.replace_testimonial_captions(testimonial=testimonial, file=vtt_upload())

    assert target == pending
    assert Video.objects.get(pk=pending.pk).captions.name.startswith("videos/captions/")


def test_captions_go_to_the_published_video_when_the_new_one_failed():
    published = VideoFactory(captions=None)
    failed = VideoFactory(pending=True, status=Video.Status.FAILED)
    testimonial = TestimonialFactory(video=published, pending_video=failed)

    target = services.replace_testimonial_captions(testimonial=testimonial, file=vtt_upload())

    assert target == published
    assert Video.objects.get(pk=published.pk).captions


def test_captions_without_any_video_are_refused():
    with pytest.raises(ExhibitError) as caught:
        services.replace_testimonial_captions(testimonial=TestimonialFactory(), file=vtt_upload())

    assert caught.value.message == "Envoyez d'abord une vidéo, puis ses sous-titres."


def test_delete_testimonial_deletes_its_videos(django_capture_on_commit_callbacks):
    published, pending = VideoFactory(), VideoFactory(pending=True)
    testimonial = TestimonialFactory(video=published, pending_video=pending)
    sources = [Path(published.source.path), Path(pending.source.path)]

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_testimonial(testimonial=testimonial)

    assert Testimonial.objects.count() == 0
    assert Video.objects.count() == 0
    assert [p.exists() for p in sources] == [False, False]


# --- Job profiles -------------------------------------------------------------------------------


def test_save_job_profile_with_training_routes():
    company = CompanyFactory()
    routes = [TrainingRouteFactory(), TrainingRouteFactory()]
    job = JobProfile(
        trade=TradeFactory(),
        title="Chaudronnier·ère",
        description="Former des tôles.",
        skills="Lire un plan",
        working_conditions="Atelier",
        salary_min=1800,
        salary_max=2600,
    )

    services.save_job_profile(company=company, job=job, training_routes=routes)

    saved = JobProfile.objects.get()
    assert saved.company == company
    assert set(saved.training_routes.all()) == set(routes)


def test_save_job_profile_refuses_max_below_min():
    job = JobProfile(
        title="Soudeur",
        description="x",
        skills="x",
        working_conditions="x",
        salary_min=2600,
        salary_max=1800,
    )

    with pytest.raises(ExhibitError) as caught:
        services.save_job_profile(company=CompanyFactory(), job=job, training_routes=[])

    assert (caught.value.field, caught.value.message) == (
        "salary_max",
        "Le maximum est inférieur au minimum.",
    )
    assert JobProfile.objects.count() == 0


def test_deleting_a_job_profile_keeps_its_testimonials():
    job = JobProfileFactory()
    testimonial = TestimonialFactory(company=job.company, job=job)

    services.delete_job_profile(job=job)

    testimonial.refresh_from_db()
    assert testimonial.job is None
    assert testimonial.job_label == "Apprentie soudeuse"


# --- Demos --------------------------------------------------------------------------------------


def test_add_demo_photo_numbers_the_photos():
    demo = DemoFactory(kind=Demo.Kind.PHOTOS)
    DemoPhotoFactory(demo=demo, position=4)
    photo = DemoPhoto(image=DemoPhotoFactory.build().image, alt_text="Un robot soudeur.")

    services.add_demo_photo(demo=demo, photo=photo)

    assert photo.position == 5
    assert photo.demo == demo


def test_a_photo_needs_its_description():
    photo = DemoPhoto(image=DemoPhotoFactory.build().image, alt_text="  ")

    with pytest.raises(ExhibitError) as caught:
        services.add_demo_photo(demo=DemoFactory(kind=Demo.Kind.PHOTOS), photo=photo)

    assert caught.value.field == "alt_text"
    assert DemoPhoto.objects.count() == 0


def test_a_video_demo_has_no_photos():
    photo = DemoPhoto(image=DemoPhotoFactory.build().image, alt_text="Un robot.")

    with pytest.raises(ExhibitError):
        services.add_demo_photo(demo=DemoFactory(kind=Demo.Kind.VIDEO), photo=photo)


def test_a_photo_demo_takes_no_video(clip_path):
    with pytest.raises(ExhibitError):
        services.upload_demo_video(
            demo=DemoFactory(kind=Demo.Kind.PHOTOS),
            upload=upload_of(clip_path),
            captions=vtt_upload(),
        )

    assert Video.objects.count() == 0


def test_upload_demo_video(clip_path):
    demo = DemoFactory(kind=Demo.Kind.VIDEO)

    video = services.upload_demo_video(
        demo=demo, upload=upload_of(clip_path), captions=vtt_upload()
    )

    assert Demo.objects.get().pending_video == video


def test_a_demo_video_needs_captions_since_it_goes_online_when_ready(clip_path):
    demo = DemoFactory(kind=Demo.Kind.VIDEO)

    with pytest.raises(ExhibitError) as caught:
        services.upload_demo_video(demo=demo, upload=upload_of(clip_path))

    assert caught.value.field == "captions"
    assert Video.objects.count() == 0


def test_delete_demo_deletes_its_photos_and_videos(django_capture_on_commit_callbacks):
    demo = DemoFactory(kind=Demo.Kind.PHOTOS)
    photo = DemoPhotoFactory(demo=demo)
    image = Path(photo.image.path)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_demo(demo=demo)

    assert Demo.objects.count() == 0
    assert not image.exists()


def test_delete_demo_photo_removes_the_file(django_capture_on_commit_callbacks):
    photo = DemoPhotoFactory()
    image = Path(photo.image.path)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_demo_photo(photo=photo)

    assert DemoPhoto.objects.count() == 0
    assert not image.exists()
