"""Under review (the edition's `review_publications`), no video goes public before an organizer
approves it: a testimonial's publication, a published testimonial's new video, a demo's video.
Without review, they go online as before (tests/exhibits/test_services.py)."""

import pytest

from tests.exhibits.factories import DemoFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.clips import make_clip, upload_of, vtt_upload
from tests.media.factories import VideoFactory
from usine.exhibits import publication, queries, services
from usine.exhibits.models import Demo, Testimonial
from usine.exhibits.services import ExhibitError
from usine.media.models import Video
from usine.media.signals import video_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def clip_path(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=2)


@pytest.fixture
def company():
    return BuildingFactory(edition__review_publications=True).company


def test_publishing_a_testimonial_asks_the_organizers_first(company):
    testimonial = TestimonialFactory(company=company, video=VideoFactory())

    services.set_testimonial_published(testimonial=testimonial, published=True)

    testimonial.refresh_from_db()
    assert (testimonial.published, testimonial.awaiting_review) == (False, True)
    assert list(queries.published_testimonials(company=company)) == []
    assert publication.pending_videos() == [testimonial]

    publication.approve_video(owner=testimonial)

    testimonial.refresh_from_db()
    assert (testimonial.published, testimonial.awaiting_review) == (True, False)
    assert list(queries.published_testimonials(company=company)) == [testimonial]
    assert publication.pending_videos() == []


def test_an_upload_that_would_go_public_is_marked_for_review_the_others_not(
    company, clip_path, django_capture_on_commit_callbacks
):
    published = TestimonialFactory(company=company, video=VideoFactory(), published=True)
    draft = TestimonialFactory(company=company)
    demo = DemoFactory(company=company, kind=Demo.Kind.VIDEO)
    elsewhere = DemoFactory(kind=Demo.Kind.VIDEO)  # a company whose edition does not review

    with django_capture_on_commit_callbacks(execute=False):
        services.upload_testimonial_video(
            testimonial=published, upload=upload_of(clip_path), captions=vtt_upload()
        )
        services.upload_testimonial_video(testimonial=draft, upload=upload_of(clip_path))
        for owner in (demo, elsewhere):
            services.upload_demo_video(
                demo=owner, upload=upload_of(clip_path), captions=vtt_upload()
            )

    marked = [
        type(owner).objects.get(pk=owner.pk).awaiting_review
        for owner in (published, draft, demo, elsewhere)
    ]
    assert marked == [True, False, True, False]
    # Not in the organizers' list while it is being converted.
    assert publication.pending_videos() == []
    with pytest.raises(ExhibitError, match="pas encore prête"):
        publication.approve_video(owner=demo)


def test_a_published_testimonials_new_video_waits_and_the_old_one_stays_online(
    company, django_capture_on_commit_callbacks
):
    online, new = VideoFactory(), VideoFactory()
    testimonial = TestimonialFactory(
        company=company, video=online, pending_video=new, published=True, awaiting_review=True
    )

    video_ready.send(sender=Video, video=new)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video) == (online, new)
    assert testimonial.awaiting_review is True
    assert [t.video for t in queries.published_testimonials(company=company)] == [online]

    with django_capture_on_commit_callbacks(execute=True):
        publication.approve_video(owner=testimonial)

    testimonial.refresh_from_db()
    assert (testimonial.video, testimonial.pending_video) == (new, None)
    assert (testimonial.published, testimonial.awaiting_review) == (True, False)
    assert not Video.objects.filter(pk=online.pk).exists()


def test_a_demos_first_video_is_not_public_before_approval(company):
    new = VideoFactory()
    demo = DemoFactory(
        company=company, kind=Demo.Kind.VIDEO, pending_video=new, awaiting_review=True
    )

    video_ready.send(sender=Video, video=new)

    demo.refresh_from_db()
    assert (demo.video, demo.pending_video, demo.awaiting_review) == (None, new, True)
    assert list(queries.demos(company=company)) == []

    publication.approve_video(owner=demo)

    assert list(queries.demos(company=company)) == [demo]


def test_a_refused_video_stays_off_and_the_exhibitor_reads_why(company):
    online, new = VideoFactory(), VideoFactory()
    demo = DemoFactory(
        company=company, kind=Demo.Kind.VIDEO, video=online, pending_video=new, awaiting_review=True
    )
    video_ready.send(sender=Video, video=new)

    with pytest.raises(ExhibitError, match="Dites à l'exposant"):
        publication.refuse_video(owner=demo, reason="  ")
    publication.refuse_video(owner=demo, reason="Le logo d'un concurrent apparaît à 0:12.")

    demo.refresh_from_db()
    assert (demo.video, demo.pending_video, demo.awaiting_review) == (online, new, False)
    assert demo.review_refusal == "Le logo d'un concurrent apparaît à 0:12."
    assert [d.video for d in queries.demos(company=company)] == [online]
    with pytest.raises(ExhibitError, match="déjà été traitée"):
        publication.approve_video(owner=demo)


def test_withdrawing_a_testimonial_waiting_for_review_takes_it_off_the_list(company):
    testimonial = TestimonialFactory(company=company, video=VideoFactory())
    services.set_testimonial_published(testimonial=testimonial, published=True)

    services.set_testimonial_published(testimonial=testimonial, published=False)

    assert Testimonial.objects.get().awaiting_review is False
    assert publication.pending_videos() == []


def test_the_demos_own_videos_are_not_held(company):
    # Loaded by the demo (or the admin) without an exhibitor's upload: online when ready.
    new = VideoFactory()
    demo = DemoFactory(company=company, kind=Demo.Kind.VIDEO, pending_video=new)

    video_ready.send(sender=Video, video=new)

    demo.refresh_from_db()
    assert (demo.video, demo.pending_video, demo.awaiting_review) == (new, None, False)


def test_without_review_a_publication_is_public_at_once():
    company = BuildingFactory(edition__review_publications=False).company
    testimonial = TestimonialFactory(company=company, video=VideoFactory())

    services.set_testimonial_published(testimonial=testimonial, published=True)

    testimonial.refresh_from_db()
    assert (testimonial.published, testimonial.awaiting_review) == (True, False)
