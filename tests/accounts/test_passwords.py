"""Password reset by e-mail and password change, end to end through the pages."""

import re

import pytest
from django.core import mail

from tests.users.factories import UserFactory
from usine.accounts import throttle

from .conftest import PASSWORD

NEW_PASSWORD = "un-autre-tres-long-42"
SCHOOL = "198.51.100.7"


def reset_link(message) -> str:
    found = re.search(r"http://testserver(/comptes/reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.mark.django_db
def test_the_login_page_links_to_the_reset_and_offers_to_stay_signed_in(client):
    page = client.get("/comptes/login/").content.decode()

    assert 'href="/comptes/password_reset/"' in page
    assert "Mot de passe oublié ?" in page
    assert 'type="checkbox" name="remember"' in page
    assert "Rester connecté·e" in page


@pytest.mark.django_db
def test_a_wrong_password_is_said_in_an_alert(client):
    user = UserFactory()

    page = client.post(
        "/comptes/login/", {"username": user.username, "password": "pas-le-bon"}
    ).content.decode()

    assert 'role="alert"' in page
    assert "un mot de passe valides" in page


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_mailed_link(client):
    teacher = UserFactory(email="prof@example.org")

    form = client.get("/comptes/password_reset/")
    sent = client.post("/comptes/password_reset/", {"email": "prof@example.org"})

    assert form.status_code == 200
    assert "Mot de passe oublié" in form.content.decode()
    assert sent.status_code == 302
    assert sent["Location"] == "/comptes/password_reset/done/"
    assert "Consultez votre messagerie" in client.get(sent["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["prof@example.org"]
    assert message.subject == "Usine : choisir un nouveau mot de passe"
    assert teacher.username in message.body

    # The link sets a token in the session and sends to the form.
    landing = client.get(reset_link(message))
    assert landing.status_code == 302
    page = client.get(landing["Location"])
    assert "Choisir un nouveau mot de passe" in page.content.decode()
    done = client.post(
        landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert "Mot de passe enregistré" in client.get(done["Location"]).content.decode()

    old = client.post("/comptes/login/", {"username": teacher.username, "password": PASSWORD})
    new = client.post("/comptes/login/", {"username": teacher.username, "password": NEW_PASSWORD})
    assert old.status_code == 200
    assert new.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)
    # The link serves once.
    client.post("/comptes/logout/")
    again = client.get(reset_link(message), follow=True).content.decode()
    assert "n'est plus valable" in again or "n&#x27;est plus valable" in again


@pytest.mark.django_db
def test_the_reset_link_uses_the_fairs_address_not_the_host_header(client, settings):
    settings.SITE_URL = "https://usine.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    UserFactory(email="prof@example.org")

    client.post(
        "/comptes/password_reset/", {"email": "prof@example.org"}, HTTP_HOST="attacker.example"
    )

    assert "https://usine.example.org/comptes/reset/" in mail.outbox[0].body
    assert "attacker.example" not in mail.outbox[0].body


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/comptes/password_reset/", {"email": "personne@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/comptes/password_reset/done/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_mails_are_throttled_per_target_email(client):
    UserFactory(email="prof@example.org")
    for _ in range(throttle.RESETS_PER_EMAIL):
        client.post("/comptes/password_reset/", {"email": "prof@example.org"}, REMOTE_ADDR=SCHOOL)

    refused = client.post(
        "/comptes/password_reset/", {"email": "Prof@Example.org"}, REMOTE_ADDR="203.0.113.9"
    )

    assert len(mail.outbox) == throttle.RESETS_PER_EMAIL
    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'role="alert"' in page
    assert "Trop de demandes de réinitialisation" in page


@pytest.mark.django_db
def test_reset_mails_are_throttled_per_address(client):
    for n in range(throttle.RESETS_PER_ADDRESS):
        UserFactory(email=f"prof{n}@example.org")
        client.post(
            "/comptes/password_reset/", {"email": f"prof{n}@example.org"}, REMOTE_ADDR=SCHOOL
        )
    UserFactory(email="derniere@example.org")

    refused = client.post(
        "/comptes/password_reset/", {"email": "derniere@example.org"}, REMOTE_ADDR=SCHOOL
    )
    elsewhere = client.post(
        "/comptes/password_reset/", {"email": "derniere@example.org"}, REMOTE_ADDR="203.0.113.9"
    )

    assert refused.status_code == 429
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == throttle.RESETS_PER_ADDRESS + 1


@pytest.mark.django_db
def test_a_reset_lifts_the_lock_on_the_account_from_that_address(client, settings):
    teacher = UserFactory(email="prof@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/comptes/login/", {"username": teacher.username, "password": "non"})
    assert (
        client.post(
            "/comptes/login/", {"username": teacher.username, "password": PASSWORD}
        ).status_code
        == 429
    )

    client.post("/comptes/password_reset/", {"email": "prof@example.org"})
    landing = client.get(reset_link(mail.outbox[0]))
    client.post(landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.post(
        "/comptes/login/", {"username": teacher.username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_signed_in_account_changes_its_password(client):
    teacher = UserFactory()
    client.post("/comptes/login/", {"username": teacher.username, "password": PASSWORD})

    town = client.get("/ville/texte/").content.decode()
    form = client.get("/comptes/password_change/")
    wrong = client.post(
        "/comptes/password_change/",
        {
            "old_password": "pas-le-bon",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    done = client.post(
        "/comptes/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert 'href="/comptes/password_change/"' in town
    assert form.status_code == 200
    assert "Changer de mot de passe" in form.content.decode()
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()
    assert done.status_code == 302
    assert "Mot de passe changé" in client.get(done["Location"]).content.decode()
    # Still signed in on this device, and the new password is the one that works.
    assert client.get("/comptes/password_change/").status_code == 200
    client.post("/comptes/logout/")
    assert (
        client.post(
            "/comptes/login/", {"username": teacher.username, "password": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_changing_a_password_needs_an_account(client):
    response = client.get("/comptes/password_change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


@pytest.mark.django_db
def test_the_pages_speak_english_too(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    login = client.get("/comptes/login/").content.decode()
    reset = client.get("/comptes/password_reset/").content.decode()

    assert "Stay signed in" in login
    assert "Forgotten your password?" in login
    assert "Send me the link" in reset
