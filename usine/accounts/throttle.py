"""What stands between a guesser and the password hasher, and between a flood and the mail server.

Each wrong password costs about a second of a core (the hasher is slow on purpose, and Django
hashes for unknown accounts too so that timing tells nothing): an unthrottled login page is a
denial-of-service door as much as a guessing one. Three counters, all in the cache every
process of the fair shares (a folder or Redis, see settings.CACHES):

- per account *and* address (django-axes, `AXES_*` settings): a few wrong passwords lock that
  account from that address for a cool-off. A school's teachers share one address: a colleague's
  typos lock nobody else, and the account still opens from anywhere else.
- per address, whatever the account: an address past a generous allowance of wrong passwords
  (many teachers behind one router never reach it) waits before each further try, twice as long
  each time. This is what stops one address from cycling through made-up usernames to keep the
  hasher busy; axes alone would count each username apart.
- e-mails about an account (password reset, sign-up), per address and per target address: see
  `account_mail_allowed`.

While locked or waiting, a try is refused before any password is hashed (axes' backend comes
first in AUTHENTICATION_BACKENDS) and costs nothing; it is not counted either, so the lock lifts
at the end of the cool-off whatever the client keeps sending.
"""

import hashlib
import time

from axes.handlers.cache import AxesCacheHandler
from django.contrib.auth import get_user_model
from django.core.cache import cache

# Wrong passwords from one address, whatever the account, counted over fixed windows of ten
# minutes: up to the allowance they cost nothing more than axes' own counting; past it each one
# makes the address wait twice as long (1 s, 2 s, 4 s… up to five minutes) before its next try.
ADDRESS_WINDOW_SECONDS = 600
FREE_FAILURES_PER_ADDRESS = 100
LONGEST_WAIT_SECONDS = 300

# Password reset e-mails: a teacher who lost a password asks once or twice; more is someone
# filling an inbox (or the fair's sending quota and reputation) from the form.
RESET_WINDOW_SECONDS = 3600
RESETS_PER_EMAIL = 3
RESETS_PER_ADDRESS = 20


def _now() -> float:
    return time.time()


def _digest(value: str) -> str:
    """Addresses and e-mails only ever appear hashed in cache keys."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


# --- django-axes' callables (settings.AXES_CLIENT_IP_CALLABLE, AXES_USERNAME_CALLABLE) ----------


def client_address(request) -> str:
    """The client's address is REMOTE_ADDR and nothing else: uvicorn sets it from
    X-Forwarded-For only when the request comes from the trusted proxy (--forwarded-allow-ips).
    Reading the header here would let any client choose its address, and so its counter."""
    return request.META.get("REMOTE_ADDR") or ""


def axes_username(request, credentials) -> str | None:
    """The username as axes counts it, prefixed with its length.

    axes makes the cache key of a (username, address) pair from the two strings joined with
    nothing between them: "alice8" from 1.2.3.4 and "alice" from 81.2.3.4 would share one
    counter, and a stranger could lock a teacher out of her school's address from elsewhere.
    With the length in front, the join can be read back one way only."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "POST", {}).get(field) if request is not None else None
    if username is None:
        return None
    return f"{len(username)}:{username}"


def axes_key_for(username: str) -> str:
    """The username in the form axes stores it (for AxesProxyHandler.reset_attempts)."""
    return f"{len(username)}:{username}"


# --- Wrong passwords per address ----------------------------------------------------------------


def _address_keys(address: str) -> tuple[str, str]:
    """The address's failure counter for the current window and its "not before" time. Fixed
    windows: a backend's incr may renew a key's expiry (the folder cache rewrites the value)."""
    digest = _digest(address or "?")
    window = int(_now() // ADDRESS_WINDOW_SECONDS)
    return f"accounts:signin:fail:{digest}:{window}", f"accounts:signin:wait:{digest}"


def address_wait_seconds(address: str) -> int:
    """How long the address must still wait before its next password is checked (0: none)."""
    _failures, wait_key = _address_keys(address)
    not_before = cache.get(wait_key)
    if not_before is None or _now() >= not_before:
        return 0
    return max(1, round(not_before - _now()))


def address_failed(address: str) -> None:
    failures_key, wait_key = _address_keys(address)
    failures = _count(failures_key, timeout=ADDRESS_WINDOW_SECONDS * 2)
    beyond = failures - FREE_FAILURES_PER_ADDRESS
    if beyond > 0:
        wait = min(2 ** min(beyond - 1, 16), LONGEST_WAIT_SECONDS)
        cache.set(wait_key, _now() + wait, timeout=wait + 1)


def _count(key: str, *, timeout: int) -> int:
    """One more on a counter; the folder cache's incr is not atomic, which at worst lets a
    client one or two tries more when two processes count at the same instant."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


class SignInHandler(AxesCacheHandler):
    """axes' cache handler (lockout per account and address) with the per-address wait on top.

    A try that axes refuses (locked out, or the address waiting) is flagged by its backend
    before the failure signal is sent (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False):
    it hashed no password and counts for nothing."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or bool(
            address_wait_seconds(request.axes_ip_address)
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        refused = request is None or getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if not refused and not self.is_whitelisted(request, credentials):
            address_failed(request.axes_ip_address)


# --- Password reset e-mails -----------------------------------------------------------------------


def account_mail_allowed(*, address: str, email: str) -> bool:
    """Whether one more e-mail about an account (password reset, sign-up) may be sent to `email`,
    asked from `address`.

    Each request sends a real e-mail to whatever address is typed, account or not (the page
    never says which): unthrottled, the form lets anyone fill a teacher's inbox, or spend the
    fair's sending quota and reputation until its mail is refused everywhere. Counted per target
    e-mail (a few an hour) and per address (a school's teachers together stay far below), over
    fixed windows of an hour; requests beyond the allowance send nothing."""
    window = int(_now() // RESET_WINDOW_SECONDS)
    email_key = f"accounts:reset:email:{_digest(email.strip().casefold())}:{window}"
    address_key = f"accounts:reset:address:{_digest(address or '?')}:{window}"
    # Both counted even when the first is over, so a flood on one e-mail still spends the
    # address's allowance.
    by_email = _count(email_key, timeout=RESET_WINDOW_SECONDS * 2)
    by_address = _count(address_key, timeout=RESET_WINDOW_SECONDS * 2)
    return by_email <= RESETS_PER_EMAIL and by_address <= RESETS_PER_ADDRESS


# --- Second factor codes --------------------------------------------------------------------------

# Wrong six-digit codes per account, over fixed windows of a minute. Whoever types them already
# knows the password (or holds a signed-in session). On top of this, django-otp makes each
# device wait twice as long after each wrong code in a row (1 s, 2 s, 4 s…) until a right one:
# a guesser soon waits hours between tries.
CODE_WINDOW_SECONDS = 60
CODES_PER_ACCOUNT = 5


def _code_key(user_id: int) -> tuple[str, float]:
    window = int(_now() // CODE_WINDOW_SECONDS)
    return f"accounts:otp:fail:{user_id}:{window}", (window + 1) * CODE_WINDOW_SECONDS


def code_wait_seconds(user_id: int) -> int:
    """How long the account must wait before its next code is checked (0: none)."""
    key, window_end = _code_key(user_id)
    if (cache.get(key) or 0) < CODES_PER_ACCOUNT:
        return 0
    return max(1, round(window_end - _now()))


def code_failed(user_id: int) -> None:
    key, _window_end = _code_key(user_id)
    _count(key, timeout=CODE_WINDOW_SECONDS * 2)
