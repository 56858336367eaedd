"""Every sign-in starts a clean session that ends with the browser.

Django's login() cycles the session key but keeps what the session held when it belonged to no
one: on a school PC a teacher signing in on a pupil's browser would carry the pupil's seat
(`pupil_id`) and anything else a visitor left. Only the keys login() itself has just written
are kept. The session then ends when the browser closes; the login form's "Rester connecté·e"
box asks for the longer life (usine/accounts/views.py). This holds for the admin's login too.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

KEPT_AT_SIGN_IN = {SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY}


@receiver(user_logged_in, dispatch_uid="usine.accounts.clean_session")
def clean_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    for key in list(session.keys()):
        if key not in KEPT_AT_SIGN_IN:
            del session[key]
    session.set_expiry(0)
