"""Staff turn on a second factor (TOTP); signing in then asks for its code; the admin asks for a
verified session when ADMIN_REQUIRES_SECOND_FACTOR is on (HTTPS)."""

import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.users.factories import UserFactory
from usine.accounts import throttle

from .conftest import PASSWORD

SETUP = "/comptes/double-authentification/"
LOGIN = "/comptes/login/"
CODE = "/comptes/login/code/"
ADMIN = "/admin/"


def code_of(device, *, steps_ahead=0):
    """The device's code now (or that many 30-second steps later: a code is accepted once)."""
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - steps_ahead * device.step,
        digits=device.digits,
        drift=device.drift,
    )
    return f"{code:06d}"


def wrong_code(device):
    right = {code_of(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def organizer():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def protected(organizer):
    """An organizer whose second factor is on."""
    TOTPDevice.objects.create(user=organizer, name="Usine", confirmed=True)
    return organizer


def device_of(user):
    return TOTPDevice.objects.get(user=user, confirmed=True)


def password_step(client, user, url=LOGIN, **extra):
    return client.post(url, {"username": user.username, "password": PASSWORD, **extra})


# --- Turning it on and off ----------------------------------------------------------------------


@pytest.mark.django_db
def test_turning_it_on_asks_one_right_code(client, organizer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code
    client.force_login(organizer)

    page = client.get(SETUP)
    setup = TOTPDevice.objects.get(user=organizer, confirmed=False)
    wrong = client.post(SETUP, {"code": wrong_code(setup)})
    right = client.post(SETUP, {"code": code_of(setup)})

    html = page.content.decode()
    assert "n'est pas activée" in html
    assert "<svg" in html
    assert setup.config_url.startswith("otpauth://totp/")
    assert "issuer=Usine" in setup.config_url
    assert 'id="otp-secret"' in html
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()
    assert "pas le bon" in wrong.content.decode()
    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=organizer).confirmed
    # The session that proved the code is verified.
    assert client.session[DEVICE_ID_SESSION_KEY] == setup.persistent_id
    assert "est activée" in client.get(SETUP).content.decode()


@pytest.mark.django_db
def test_a_reload_keeps_the_secret_being_set_up(client, organizer):
    client.force_login(organizer)
    client.get(SETUP)
    client.get(SETUP)

    assert TOTPDevice.objects.filter(user=organizer).count() == 1


@pytest.mark.django_db
def test_turning_it_off_asks_a_current_code(client, protected, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client.force_login(protected)
    device = device_of(protected)

    wrong = client.post(SETUP, {"code": wrong_code(device)})
    kept = TOTPDevice.objects.filter(user=protected).exists()
    right = client.post(SETUP, {"code": code_of(device)})

    assert wrong.status_code == 200
    assert kept
    assert right.status_code == 302
    assert not TOTPDevice.objects.filter(user=protected).exists()
    assert "n'est pas activée" in client.get(SETUP).content.decode()


@pytest.mark.django_db
def test_the_page_is_for_staff_only(client):
    client.force_login(UserFactory())

    assert client.get(SETUP).status_code == 403


@pytest.mark.django_db
def test_the_header_links_to_the_page_for_staff(client, organizer):
    client.force_login(organizer)

    assert SETUP in client.get("/comptes/password_change/").content.decode()


# --- Signing in --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_password_alone_does_not_sign_in_an_account_with_a_second_factor(client, protected):
    response = password_step(client, protected)

    assert response.status_code == 302
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    page = client.get(CODE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


@pytest.mark.django_db
def test_the_right_code_signs_in_and_verifies_the_session(client, protected):
    password_step(client, protected, remember="on", next="/accueil/")

    response = client.post(CODE, {"code": code_of(device_of(protected))})

    assert response.status_code == 302
    assert response["Location"] == "/accueil/"
    assert client.session["_auth_user_id"] == str(protected.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device_of(protected).persistent_id
    # "Rester connecté·e" is kept through the second step.
    assert not client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_a_wrong_code_does_not_sign_in(client, protected):
    password_step(client, protected)

    response = client.post(CODE, {"code": wrong_code(device_of(protected))})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_code_page_without_the_password_step_sends_back_to_the_login(client, protected):
    response = client.post(CODE, {"code": code_of(device_of(protected))})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_wait_for_the_code_expires(client, protected, monkeypatch):
    password_step(client, protected)
    later = time.time() + 600
    monkeypatch.setattr("usine.accounts.second_factor.time.time", lambda: later)

    response = client.post(CODE, {"code": code_of(device_of(protected))})

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_codes_are_throttled_per_account(client, protected, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the per-account counter in the cache
    password_step(client, protected)
    device = device_of(protected)

    for _ in range(throttle.CODES_PER_ACCOUNT):
        assert client.post(CODE, {"code": wrong_code(device)}).status_code == 200
    refused = client.post(CODE, {"code": code_of(device)})

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Trop de codes erronés" in page
    assert 'role="alert"' in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_code_makes_the_device_pause_too(client, protected):
    password_step(client, protected)
    device = device_of(protected)

    client.post(CODE, {"code": wrong_code(device)})
    at_once = client.post(CODE, {"code": code_of(device)})

    assert at_once.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_password_step_is_still_throttled_by_axes(client, protected, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": protected.username, "password": "pas-le-bon"})

    assert password_step(client, protected).status_code == 429
    assert "accounts:second_factor" not in client.session


@pytest.mark.django_db
def test_an_account_without_a_second_factor_signs_in_with_its_password(client, organizer):
    response = password_step(client, organizer)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organizer.pk)


# --- The admin ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_login_asks_for_the_code_too(client, protected):
    response = password_step(client, protected, url="/admin/login/", next=ADMIN)

    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    signed_in = client.post(CODE, {"code": code_of(device_of(protected))})
    assert signed_in["Location"] == ADMIN


@pytest.mark.django_db
def test_the_admin_works_as_before_when_the_setting_is_off(client, organizer, settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = False
    client.force_login(organizer)

    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_the_admin_sends_staff_without_a_device_to_the_setup_page(client, organizer, settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    client.force_login(organizer)

    refused = client.get(ADMIN, follow=True)

    assert refused.redirect_chain[-1][0] == SETUP
    assert "demande la double authentification" in refused.content.decode()


@pytest.mark.django_db
def test_the_admin_refuses_a_session_signed_in_without_the_code(client, protected, settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    client.force_login(protected)  # the password alone, e.g. before the device was made

    refused = client.get(ADMIN, follow=True)
    assert refused.redirect_chain[-1][0].startswith(CODE)
    assert client.get("/admin/auth/user/").status_code == 302

    verified = client.post(CODE, {"code": code_of(device_of(protected)), "next": ADMIN})
    assert verified["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_the_admin_opens_after_signing_in_with_the_code(client, protected, settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    password_step(client, protected, url="/admin/login/")
    client.post(CODE, {"code": code_of(device_of(protected))})

    assert client.get(ADMIN).status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200
