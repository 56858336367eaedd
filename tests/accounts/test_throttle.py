"""Password sign-in is throttled per account and address (django-axes) and per address."""

from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend

from tests.users.factories import UserFactory
from usine.accounts import throttle

from .conftest import PASSWORD

SCHOOL = "198.51.100.7"
HOME = "203.0.113.9"
LOGIN = "/comptes/login/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, username, password, *, address=SCHOOL, url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, *, address=SCHOOL, url=LOGIN):
    for _ in range(times):
        response = sign_in(client, username, "pas-le-bon", address=address, url=url)
    return response


@pytest.fixture
def hashes(monkeypatch):
    """Counts the password checks that reach Django's ModelBackend (the costly hashing)."""
    calls = []
    original = ModelBackend.authenticate

    def counted(self, request, username=None, password=None, **kwargs):
        calls.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    return calls


@pytest.mark.django_db
def test_wrong_passwords_lock_the_account_from_that_address(client, settings, hashes):
    teacher = UserFactory()

    assert fail(client, teacher.username, settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    locked = sign_in(client, teacher.username, "pas-le-bon")
    right_one = sign_in(client, teacher.username, PASSWORD)

    assert locked.status_code == 429
    assert right_one.status_code == 429
    page = right_one.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "15 minutes au plus" in page
    assert 'role="alert"' in page
    assert "/comptes/password_reset/" in page
    assert right_one["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # Refused before the hasher: only the tries up to the lock were checked.
    assert len(hashes) == settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_the_right_password_still_opens_the_account_from_another_address(client, settings):
    teacher = UserFactory()
    fail(client, teacher.username, settings.AXES_FAILURE_LIMIT)

    response = sign_in(client, teacher.username, PASSWORD, address=HOME)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


@pytest.mark.django_db
def test_a_colleague_at_the_same_school_address_still_signs_in(client, settings):
    careless, colleague = UserFactory(), UserFactory()
    fail(client, careless.username, settings.AXES_FAILURE_LIMIT + 3)

    response = sign_in(client, colleague.username, PASSWORD, address=SCHOOL)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, settings):
    import time

    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    teacher = UserFactory()
    fail(client, teacher.username, settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, teacher.username, PASSWORD).status_code == 429

    time.sleep(1.5)
    response = sign_in(client, teacher.username, PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_tries_during_the_lock_do_not_extend_it(client, settings):
    import time

    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    teacher = UserFactory()
    fail(client, teacher.username, settings.AXES_FAILURE_LIMIT)
    time.sleep(1.2)
    assert fail(client, teacher.username, 3).status_code == 429

    time.sleep(1.2)  # 2.4 s after the lock, 1.2 s after the last refused try

    assert sign_in(client, teacher.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_right_password_clears_the_count(client, settings):
    teacher = UserFactory()
    fail(client, teacher.username, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, teacher.username, PASSWORD).status_code == 302
    client.post("/comptes/logout/", REMOTE_ADDR=SCHOOL)

    assert fail(client, teacher.username, settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    assert sign_in(client, teacher.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client, settings):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    fail(client, organizer.username, settings.AXES_FAILURE_LIMIT, url=ADMIN_LOGIN)

    locked = sign_in(client, organizer.username, PASSWORD, url=ADMIN_LOGIN)
    elsewhere = sign_in(client, organizer.username, PASSWORD, url=ADMIN_LOGIN, address=HOME)

    assert locked.status_code == 429
    assert "Trop de tentatives de connexion" in locked.content.decode()
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_the_lock_is_shared_by_both_login_pages(client, settings):
    organizer = UserFactory(is_staff=True)
    fail(client, organizer.username, settings.AXES_FAILURE_LIMIT, url=ADMIN_LOGIN)

    assert sign_in(client, organizer.username, PASSWORD, url=LOGIN).status_code == 429


@pytest.mark.django_db
def test_the_address_comes_from_remote_addr_not_from_a_header(client, settings):
    teacher = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": teacher.username, "password": "pas-le-bon"},
            REMOTE_ADDR=SCHOOL,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    response = client.post(
        LOGIN,
        {"username": teacher.username, "password": PASSWORD},
        REMOTE_ADDR=SCHOOL,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_username_cannot_borrow_another_pairs_counter(client, settings):
    # axes joins username and address in its cache key: "alice8" from 1.2.3.4 must not count
    # for "alice" from 81.2.3.4.
    alice = UserFactory(username="alice")
    fail(client, "alice8", settings.AXES_FAILURE_LIMIT, address="1.2.3.4")

    assert sign_in(client, alice.username, PASSWORD, address="81.2.3.4").status_code == 302


@pytest.mark.django_db
def test_an_address_cycling_through_usernames_waits(client, monkeypatch, hashes):
    monkeypatch.setattr(throttle, "FREE_FAILURES_PER_ADDRESS", 3)
    monkeypatch.setattr(throttle, "_now", lambda: 1_000_000.0)  # the wait does not run out
    teacher = UserFactory()
    for n in range(4):  # one wrong password each on made-up accounts: no pair is locked
        assert sign_in(client, f"inconnu{n}", "pas-le-bon").status_code == 200
    checked = len(hashes)

    refused = sign_in(client, teacher.username, PASSWORD)
    elsewhere = sign_in(client, teacher.username, PASSWORD, address=HOME)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "réessayez dans quelques secondes" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert len(hashes) == checked + 1  # only the try from the other address was hashed


def test_each_wrong_password_past_the_allowance_doubles_the_wait(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    for _ in range(throttle.FREE_FAILURES_PER_ADDRESS):
        throttle.address_failed(SCHOOL)
    assert throttle.address_wait_seconds(SCHOOL) == 0

    waits = []
    for _ in range(12):
        throttle.address_failed(SCHOOL)
        waits.append(throttle.address_wait_seconds(SCHOOL))

    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    assert throttle.address_wait_seconds(HOME) == 0
    now[0] += throttle.ADDRESS_WINDOW_SECONDS
    assert throttle.address_wait_seconds(SCHOOL) == 0
