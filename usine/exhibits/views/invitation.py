"""Organizers invite a company's person by a one-time link; the link opens their account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from usine import inputs
from usine.roles import organizer_required

from .. import invitations
from ..models import Company, Exhibitor

T = "exhibits/invitation/"


class InviteExhibitorForm(inputs.Form):
    company = forms.ModelChoiceField(
        label=gettext_lazy("Entreprise"), queryset=Company.objects.order_by("name")
    )
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail"))


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def invite(request):
    form = InviteExhibitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor = invitations.invite_exhibitor(**form.cleaned_data)
        except invitations.InvitationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s pour %(company)s.")
                % {"email": exhibitor.user.email, "company": exhibitor.company},
            )
            return redirect("exhibits:invite")
    exhibitors = Exhibitor.objects.select_related("user", "company").order_by("company__name")
    return render(request, T + "invite.html", {"form": form, "exhibitors": exhibitors})


@require_http_methods(["GET", "HEAD", "POST"])
def welcome(request, uidb64, token):
    try:
        user = invitations.invited_exhibitor(uidb64=uidb64, token=token)
    except invitations.InvalidInvitation as error:
        return render(request, T + "invalid.html", {"message": error.message}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Votre compte est ouvert : présentez votre entreprise."))
        return redirect("exhibits:dashboard")
    return render(request, T + "welcome.html", {"form": form, "user_email": user.email})
