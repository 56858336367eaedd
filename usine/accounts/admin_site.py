"""The organizers' admin, with a second factor when the fair is served over HTTPS.

With settings.ADMIN_REQUIRES_SECOND_FACTOR (on by default with HTTPS) a staff account enters
the admin only from a session that proved its TOTP code (usine/accounts/second_factor.py):
signed in with a password alone, it is sent to the code page when it has a device, to the page
that turns one on when it has none. Off (the local demo, tests), the admin works as Django's.

Its login page is Django's admin login with the fair's LoginView behind it: the same password
throttling (django-axes), the same clean session, and the code step for accounts with a device.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import second_factor


def second_factor_required() -> bool:
    return bool(getattr(settings, "ADMIN_REQUIRES_SECOND_FACTOR", False))


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and (
            not second_factor_required() or second_factor.is_verified(request)
        )

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        user = request.user
        if (
            request.method == "GET"
            and second_factor_required()
            and user.is_active
            and user.is_staff
            and not self.has_permission(request)
        ):
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
                "admin:index", current_app=self.name
            )
            if second_factor.device_of(user) is not None:
                query = urlencode({REDIRECT_FIELD_NAME: next_url})
                return redirect(f"{reverse('login_code')}?{query}")
            messages.info(
                request,
                _("L'administration demande la double authentification : activez-la d'abord."),
            )
            return redirect("second_factor")
        return self._password_login(request, extra_context)

    def _password_login(self, request, extra_context):
        """Django's AdminSite.login with the fair's LoginView."""
        if request.method == "GET" and self.has_permission(request):
            return redirect(reverse("admin:index", current_app=self.name))

        from django.contrib.admin.forms import AdminAuthenticationForm

        from .views import LoginView

        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return LoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)
