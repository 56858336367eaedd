"""A second factor (TOTP, django-otp) for staff accounts, and the half-signed-in state between
the password and the code.

An organizer turns it on from /comptes/double-authentification/ (usine/accounts/views.py): an
unconfirmed TOTP device is made, its secret shown as a QR code and in text, and one right code
confirms it. From then on the password alone no longer signs the account in: the login view
keeps the account's id in the session for a few minutes (`begin`) and asks for the code; only a
right code calls Django's login() and marks the session verified (django_otp.login). Wrong
codes are counted per account in the shared cache (usine/accounts/throttle.py), on top of
django-otp's own growing delays per device.

The admin asks for a verified session when settings.ADMIN_REQUIRES_SECOND_FACTOR is on (by
default when the fair is served over HTTPS): see usine/accounts/admin_site.py.
"""

import time

import django_otp
import segno
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .throttle import code_failed, code_wait_seconds

PENDING_SESSION_KEY = "accounts:second_factor"
# Between the right password and the code: long enough to open the phone's app, short enough
# that a browser left on the code page forgets the account.
PENDING_SECONDS = 300
DEVICE_NAME = "Usine"


def device_of(user) -> TOTPDevice | None:
    """The account's confirmed TOTP device, or None (second factor off)."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_device_of(user) -> TOTPDevice:
    """The device being set up: the same one until confirmed, so that a reload keeps the QR code
    already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def is_verified(request) -> bool:
    """Whether this session proved the account's second factor (django-otp's middleware)."""
    user = getattr(request, "user", None)
    check = getattr(user, "is_verified", None)
    return bool(user is not None and user.is_authenticated and check and check())


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG (no script, no style: the page's CSP holds)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=DEVICE_NAME
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing it into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- Checking a code ------------------------------------------------------------------------------


class Throttled(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def check_code(*, user, device: TOTPDevice, code: str) -> bool:
    """Whether `code` is the device's current one. Raises Throttled, without checking, when the
    account has had too many wrong codes this minute or the device asks for a pause."""
    wait = code_wait_seconds(user.pk)
    if wait:
        raise Throttled(wait)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        raise Throttled(
            max(1, round(locked_until.timestamp() - time.time())) if locked_until else 1
        )
    code = "".join(code.split())
    if code.isdigit() and len(code) == device.digits and device.verify_token(code):
        return True
    code_failed(user.pk)
    return False


def confirm(request, *, device: TOTPDevice) -> None:
    """The device being set up is now the account's second factor; the session that proved it
    is verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    django_otp.login(request, device)


def turn_off(request, *, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if hasattr(request.user, "otp_device"):
        request.user.otp_device = None


# --- Between the password and the code ----------------------------------------------------------


def begin(request, *, user, remember: bool, next_url: str) -> None:
    """The password was right; the account waits for its code in this session."""
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        # A password changed in between ends the wait, as it ends sessions.
        "hash": user.get_session_auth_hash(),
        "remember": remember,
        "next": next_url,
        "until": time.time() + PENDING_SECONDS,
    }


def pending(request):
    """(user, data) of the account waiting for its code in this session, or None."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return None
    if time.time() > data.get("until", 0):
        forget(request)
        return None
    user = get_user_model()._default_manager.filter(pk=data["user_id"], is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), data["hash"]):
        forget(request)
        return None
    return user, data


def forget(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)
