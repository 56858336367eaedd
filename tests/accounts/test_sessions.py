"""Shared school PCs: a session ends with the browser unless asked otherwise, and a sign-in
always starts a clean one."""

import pytest
from django.conf import settings as django_settings

from tests.users.factories import UserFactory

from .conftest import PASSWORD


def sign_in(client, user, **extra):
    return client.post(
        "/comptes/login/", {"username": user.username, "password": PASSWORD, **extra}
    )


@pytest.mark.django_db
def test_a_session_ends_with_the_browser_by_default(client):
    response = sign_in(client, UserFactory())

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close()
    assert not cookie["max-age"]
    assert not cookie["expires"]


@pytest.mark.django_db
def test_rester_connecte_keeps_the_session(client):
    response = sign_in(client, UserFactory(), remember="on")

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert not client.session.get_expire_at_browser_close()
    assert int(cookie["max-age"]) == django_settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_an_admin_sign_in_ends_with_the_browser_too(client):
    response = client.post(
        "/admin/login/",
        {"username": UserFactory(is_staff=True).username, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_a_teacher_signing_in_on_a_pupils_browser_leaves_nothing_of_the_pupil(client):
    session = client.session
    session["pupil_id"] = 123
    session["anything"] = "left by a visitor"
    session.save()
    pupils_key = session.session_key

    sign_in(client, UserFactory())

    after = client.session
    assert after.session_key != pupils_key
    assert "pupil_id" not in after
    assert "anything" not in after
    assert after["_auth_user_id"]
    # The pupil's session itself is gone too, not only left behind.
    assert not after.exists(pupils_key)


@pytest.mark.django_db
def test_signing_in_as_someone_else_starts_a_new_session(client):
    first, second = UserFactory(), UserFactory()
    sign_in(client, first, remember="on")
    first_key = client.session.session_key

    sign_in(client, second)

    assert client.session.session_key != first_key
    assert client.session["_auth_user_id"] == str(second.pk)
    assert client.session.get_expire_at_browser_close()
