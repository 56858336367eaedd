from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from usine import inputs


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the choice to stay signed in: unticked (the default, for a
    school's shared PCs), the session ends when the browser closes."""

    remember = forms.BooleanField(
        label=_("Rester connecté·e"),
        required=False,
        help_text=_("Seulement sur un ordinateur qui n'est qu'à vous."),
    )


class CodeForm(inputs.Form):
    """The six digits of the authenticator app (spaces allowed, as apps show them)."""

    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 8,
            }
        ),
        help_text=_("Le code affiché par votre application d'authentification."),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Le code compte 6 chiffres."))
        return code
