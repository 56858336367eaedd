"""Signing in, the lockout page, password reset and change, in the fair's own look.

The templates are usine/templates/registration/*; Django's own views do the work."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import LoginForm
from .throttle import account_mail_allowed, address_wait_seconds, axes_key_for, client_address


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def form_valid(self, form):
        # login() starts a clean session that ends with the browser (usine/accounts/signals.py);
        # a ticked box gives it the usual life (SESSION_COOKIE_AGE) instead.
        response = super().form_valid(form)
        if form.cleaned_data.get("remember"):
            self.request.session.set_expiry(None)
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a refused sign-in (AXES_LOCKOUT_CALLABLE): the fair's page, with
    status 429 and Retry-After. Refused because this account is locked from this address (until
    the cool-off ends), or because the address waits after too many wrong passwords."""
    wait = address_wait_seconds(client_address(request))
    account_locked = AxesProxyHandler.get_failures(request, credentials) >= get_failure_limit(
        request, credentials
    )
    if account_locked or not wait:
        cool_off = get_cool_off(request)
        seconds = int(cool_off.total_seconds()) if cool_off else 3600
    else:
        seconds = wait
    response = render(
        request,
        "registration/locked_out.html",
        {
            "account_locked": account_locked,
            "seconds": seconds,
            "minutes": max(1, -(-seconds // 60)),
        },
        status=429,
    )
    response["Retry-After"] = str(max(1, seconds))
    return response


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if not account_mail_allowed(
            address=client_address(self.request), email=form.cleaned_data["email"]
        ):
            form.add_error(
                None,
                _(
                    "Trop de demandes de réinitialisation : réessayez dans une heure. Si un "
                    "e-mail est déjà parti, le lien qu'il contient reste valable."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The link points to the fair's public address, never to the Host header a client sent.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # Whoever holds the mailbox may sign in from here at once: the lock on this account from
        # this address (a few wrong passwords before asking for the e-mail) is lifted.
        response = super().form_valid(form)
        AxesProxyHandler.reset_attempts(
            username=axes_key_for(form.user.get_username()),
            ip_address=client_address(self.request),
        )
        return response
