import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from usine.views import permission_denied, server_error


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


def language_options(page: str) -> list[tuple[str, str, bool, str]]:
    """The header's language switch: (value, lang, selected, name) of each option."""
    form = page[page.index('<form class="language-switch"') :]
    form = form[: form.index("</form>")]
    return [
        (value, lang, bool(selected), name)
        for value, lang, selected, name in re.findall(
            r'<option value="(\w+)" lang="(\w+)"( selected)?>([^<]*)</option>', form
        )
    ]


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself(client):
    french = client.get("/ville/texte/", headers={"Accept-Language": "fr"}).content.decode()
    english = client.get("/ville/texte/", headers={"Accept-Language": "en"}).content.decode()

    assert language_options(french) == [
        ("fr", "fr", True, "Français"),
        ("en", "en", False, "English"),
    ]
    assert language_options(english) == [
        ("fr", "fr", False, "Français"),
        ("en", "en", True, "English"),
    ]
    assert "Anglais" not in french


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


# --- error pages ----------------------------------------------------------------------------------


def assert_site_look(text: str) -> None:
    assert '<header class="site-header">' in text
    assert '<footer class="site-footer">' in text
    assert 'href="/static/css/usine.css"' in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Cette page n'existe pas"), ("en", "This page does not exist")]
)
def test_an_unknown_page_is_a_404_in_the_sites_look(client, language, heading):
    response = client.get("/pas-de-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    assert f"<h1>{heading}</h1>" in text
    assert_site_look(text)


@pytest.mark.django_db
def test_an_unknown_api_address_stays_json(client):
    response = client.get("/api/pas-de-point")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Adresse introuvable."}


@pytest.mark.django_db
def test_a_known_api_404_keeps_its_own_message(client):
    response = client.get("/api/videos/999/progress")

    assert response.status_code == 404
    assert response.json() == {"error": "Vidéo introuvable."}


@pytest.mark.django_db
def test_a_failing_page_is_a_french_500_in_the_sites_look(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/casse/")

    assert response.status_code == 500
    text = response.content.decode()
    assert "<h1>Le salon a rencontré une erreur</h1>" in text
    assert_site_look(text)
    api = client.get("/api/casse")
    assert api.status_code == 500
    assert api.json() == {"error": "Erreur du serveur ; réessayez plus tard."}


def test_a_page_whose_database_or_redis_is_away_is_a_french_503_to_try_again(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    pages = [client.get("/base-absente/"), client.get("/redis-absent/")]
    api = client.get("/api/base-absente")

    for response in pages:
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        text = response.content.decode()
        assert "<h1>Le salon reprend dans un instant</h1>" in text
        assert_site_look(text)
    assert api.status_code == 503
    assert api["Retry-After"] == "10"
    assert api.json() == {
        "error": "Le salon est momentanément indisponible ; réessayez dans quelques secondes."
    }


@pytest.mark.django_db
def test_the_500_page_asks_nothing_of_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/casse/"))

    assert response.status_code == 500
    assert "Le salon a rencontré une erreur" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_host_is_a_french_400_in_the_sites_look(client):
    response = client.get("/ville/texte/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    text = response.content.decode()
    assert "<h1>Cette demande n'a pas pu être comprise</h1>" in text
    assert_site_look(text)


@pytest.mark.django_db
def test_a_refused_page_is_a_french_403_and_json_under_the_api(rf):
    page = permission_denied(rf.get("/enseignants/classes/3/"), PermissionDenied())
    api = permission_denied(rf.get("/api/town"), PermissionDenied())

    assert page.status_code == 403
    assert "<h1>Vous n'avez pas accès à cette page</h1>" in page.content.decode()
    assert api.status_code == 403
    assert json.loads(api.content) == {"error": "Accès refusé."}


@pytest.mark.django_db
def test_an_expired_form_is_explained_in_french():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/contact/", {"name": "Claire"})

    assert response.status_code == 403
    text = response.content.decode()
    assert "<h1>Ce formulaire a expiré</h1>" in text
    assert "rechargez-la" in text
    assert_site_look(text)
