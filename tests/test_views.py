import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_with_the_database_reachable(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}


@pytest.mark.django_db
def test_media_files_are_served_with_their_hls_type(client, settings):
    playlist = settings.MEDIA_ROOT / "videos" / "hls" / "7-abc" / "master.m3u8"
    playlist.parent.mkdir(parents=True)
    playlist.write_text("#EXTM3U\n")

    response = client.get("/media/videos/hls/7-abc/master.m3u8")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
def test_media_outside_the_media_folder_is_not_served(client):
    response = client.get("/media/../usine/settings.py")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "La ville en texte"), ("en", "The town as text")]
)
def test_language_switch_sets_the_language_of_the_next_pages(client, language, heading):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/ville/texte/"})

    assert response.status_code == 302
    assert response["Location"] == "/ville/texte/"
    page = client.get("/ville/texte/")
    assert f"<h1>{heading}</h1>" in page.content.decode()


@pytest.mark.django_db
def test_language_switch_needs_no_csrf_token_from_the_fair_itself():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/ville/texte/"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_another_site_cannot_switch_the_language():
    response = Client().post(
        "/i18n/setlang/", {"language": "en"}, headers={"Sec-Fetch-Site": "cross-site"}
    )

    assert response.status_code == 403
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_anonymous_pages_carry_no_csrf_token(client):
    # The same bytes for every anonymous visitor: nginx's front cache may keep them.
    response = client.get("/ville/texte/")

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies
