"""Following a video's conversion from the exhibitor's pages (exhibits/views/exhibitor.py)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.exhibits.factories import DemoFactory, ExhibitorFactory, TestimonialFactory
from tests.media.factories import VideoFactory
from tests.users.factories import UserFactory
from usine.exhibits.models import Demo
from usine.media.models import Video

pytestmark = pytest.mark.django_db


def progress_url(video):
    return reverse("exhibits:video_progress", kwargs={"pk": video.pk})


@pytest.fixture
def processing_video():
    return VideoFactory(pending=True, status=Video.Status.PROCESSING, progress=42)


def test_progress_url_is_under_api():
    assert reverse("exhibits:video_progress", kwargs={"pk": 7}) == "/api/videos/7/progress"


def test_the_exhibitor_follows_the_pending_video_of_their_testimonial(client, processing_video):
    exhibitor = ExhibitorFactory()
    TestimonialFactory(company=exhibitor.company, pending_video=processing_video)
    client.force_login(exhibitor.user)

    response = client.get(progress_url(processing_video))

    assert response.status_code == 200
    assert response.json() == {
        "status": "processing",
        "progress": 42,
        "error": "",
        "status_label": "en cours de conversion",
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_failed_video_reports_its_error(client):
    exhibitor = ExhibitorFactory()
    video = VideoFactory(pending=True, status=Video.Status.FAILED, error="Fichier abîmé.")
    TestimonialFactory(company=exhibitor.company, pending_video=video)
    client.force_login(exhibitor.user)

    data = client.get(progress_url(video)).json()

    assert data == {
        "status": "failed",
        "progress": 0,
        "error": "Fichier abîmé.",
        "status_label": "échec",
    }


def test_the_exhibitor_follows_the_video_of_their_demo(client):
    exhibitor = ExhibitorFactory()
    video = VideoFactory()
    DemoFactory(company=exhibitor.company, kind=Demo.Kind.VIDEO, video=video)
    client.force_login(exhibitor.user)

    assert client.get(progress_url(video)).json()["status"] == "ready"


def test_another_companys_video_is_not_found(client, processing_video):
    TestimonialFactory(pending_video=processing_video)  # some other company
    client.force_login(ExhibitorFactory().user)

    response = client.get(progress_url(processing_video))

    assert response.status_code == 404
    assert response.json() == {"error": "Vidéo introuvable."}


@pytest.mark.parametrize("who", ["anonymous", "plain user"])
def test_visitors_and_plain_users_get_404(client, processing_video, who):
    TestimonialFactory(pending_video=processing_video)
    if who == "plain user":
        client.force_login(UserFactory())

    assert client.get(progress_url(processing_video)).status_code == 404


def test_staff_follow_any_video(client, processing_video):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(progress_url(processing_video)).json()["progress"] == 42


def test_an_unknown_video_is_404_even_for_staff(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("exhibits:video_progress", kwargs={"pk": 999999})).status_code == 404


def test_progress_only_answers_get(client, processing_video):
    client.force_login(UserFactory(is_staff=True))

    assert client.post(progress_url(processing_video)).status_code == 405


def test_the_progress_script_is_a_static_file():
    path = finders.find("media/progress.js")

    assert path is not None
    text = Path(path).read_text()
    assert "[data-video-progress]" in text
    assert "setInterval(poll, 1000)" in text
