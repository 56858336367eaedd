from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the choice to stay signed in: unticked (the default, for a
    school's shared PCs), the session ends when the browser closes."""

    remember = forms.BooleanField(
        label=_("Rester connecté·e"),
        required=False,
        help_text=_("Seulement sur un ordinateur qui n'est qu'à vous."),
    )
