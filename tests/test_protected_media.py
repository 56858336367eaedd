import pytest

from tests.exhibits.factories import DemoFactory, ExhibitorFactory, TestimonialFactory
from tests.media.factories import VideoFactory
from tests.users.factories import UserFactory


@pytest.fixture
def upload(db):
    """An exhibitor's original upload, pending behind a testimonial of their company."""
    exhibitor = ExhibitorFactory()
    video = VideoFactory(pending=True)
    TestimonialFactory(company=exhibitor.company, pending_video=video)
    return exhibitor, video


def test_an_original_upload_is_refused_to_anonymous_visitors(client, upload):
    _, video = upload

    response = client.get(f"/media/{video.source.name}")

    assert response.status_code == 404


def test_an_original_upload_is_refused_to_another_exhibitor(client, upload):
    _, video = upload
    client.force_login(ExhibitorFactory().user)

    response = client.get(f"/media/{video.source.name}")

    assert response.status_code == 404


def test_an_original_upload_is_refused_through_a_path_that_hides_its_folder(client, upload):
    _, video = upload
    hidden = video.source.name.replace("videos/source/", "videos//hls/../source/")

    response = client.get(f"/media/{hidden}")

    assert response.status_code == 404


def test_the_company_reads_its_own_upload_privately(client, upload):
    exhibitor, video = upload
    client.force_login(exhibitor.user)

    response = client.get(f"/media/{video.source.name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"not really a video"
    assert response["Cache-Control"] == "private, no-store"


def test_an_organizer_reads_a_demo_upload(client, db):
    video = VideoFactory()
    DemoFactory(video=video)
    client.force_login(UserFactory(is_staff=True))

    response = client.get(f"/media/{video.source.name}")

    assert response.status_code == 200


def test_behind_nginx_django_only_says_yes_and_nginx_sends_the_file(client, upload, settings):
    settings.MEDIA_X_ACCEL = True
    exhibitor, video = upload
    client.force_login(exhibitor.user)

    response = client.get(f"/media/{video.source.name}")

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected_media/{video.source.name}"
    assert "Content-Type" not in response
    assert response["Cache-Control"] == "private, no-store"
