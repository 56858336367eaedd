"""Signing in, the lockout page, password reset and change, in the fair's own look.

The templates are usine/templates/registration/*; Django's own views do the work."""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import second_factor
from .forms import CodeForm, LoginForm
from .throttle import account_mail_allowed, address_wait_seconds, axes_key_for, client_address


class LoginView(auth_views.LoginView):
    """The password step. An account with a second factor is not signed in yet: it waits for its
    code in this session (login_code). The admin's login page uses this view too
    (usine/accounts/admin_site.py)."""

    form_class = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.device_of(user) is not None:
            second_factor.begin(
                self.request,
                user=user,
                remember=bool(form.cleaned_data.get("remember")),
                next_url=self.get_success_url(),
            )
            return redirect("login_code")
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


# --- Second factor -------------------------------------------------------------------------------


def _throttled_message(seconds: int) -> str:
    return ngettext(
        "Trop de codes erronés : réessayez dans %(seconds)d seconde.",
        "Trop de codes erronés : réessayez dans %(seconds)d secondes.",
        seconds,
    ) % {"seconds": seconds}


def _safe_next(request, url: str | None, default: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@sensitive_post_parameters("code")
@never_cache
def login_code(request):
    """The second step of signing in: the code of the account that gave its password in this
    session a few minutes ago. Also asked of an account already signed in with its password
    alone (before it turned the second factor on) when the admin wants a verified session."""
    waiting = second_factor.pending(request)
    if waiting is not None:
        user, data = waiting
        next_url = data["next"]
    elif request.user.is_authenticated and not second_factor.is_verified(request):
        user, data = request.user, None
        next_url = _safe_next(
            request, request.POST.get("next") or request.GET.get("next"), reverse("home")
        )
    else:
        if not request.user.is_authenticated:
            messages.info(
                request, _("Le délai est passé : saisissez à nouveau votre mot de passe.")
            )
        return redirect("login")
    device = second_factor.device_of(user)
    if device is None:
        second_factor.forget(request)
        return redirect("login") if data else HttpResponseRedirect(next_url)

    status = 200
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            right = second_factor.check_code(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except second_factor.Throttled as throttled:
            form.add_error(None, _throttled_message(throttled.seconds))
            status = 429
        else:
            if right:
                if data is not None:
                    # login() starts a clean session (usine/accounts/signals.py); the device is
                    # recorded in it afterwards.
                    auth_login(request, user, backend=data["backend"])
                    if data["remember"]:
                        request.session.set_expiry(None)
                django_otp.login(request, device)
                return HttpResponseRedirect(next_url)
            form.add_error("code", _("Ce code n'est pas le bon, ou il a expiré."))
    return render(
        request,
        "registration/login_code.html",
        {"form": form, "next": next_url if data is None else ""},
        status=status,
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
def second_factor_settings(request):
    """Turning the second factor on (QR code, secret, one code to confirm) or off (a current
    code), for staff accounts."""
    if not request.user.is_staff:
        raise PermissionDenied
    user = request.user
    device = second_factor.device_of(user)
    setup = None if device is not None else second_factor.unconfirmed_device_of(user)
    status = 200
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            right = second_factor.check_code(
                user=user, device=device or setup, code=form.cleaned_data["code"]
            )
        except second_factor.Throttled as throttled:
            form.add_error(None, _throttled_message(throttled.seconds))
            status = 429
        else:
            if right and device is None:
                second_factor.confirm(request, device=setup)
                messages.success(request, _("La double authentification est activée."))
                return redirect("second_factor")
            if right:
                second_factor.turn_off(request, user=user)
                messages.success(request, _("La double authentification est désactivée."))
                return redirect("second_factor")
            form.add_error("code", _("Ce code n'est pas le bon, ou il a expiré."))
    context = {"form": form, "enabled": device is not None}
    if setup is not None:
        context |= {
            "qr_svg": second_factor.qr_svg(setup),
            "secret": second_factor.secret_text(setup),
        }
    return render(request, "registration/second_factor.html", context, status=status)
