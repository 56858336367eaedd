"""Inviting a company's person to edit its building: the shared one-time link
(accounts/invitations.py) opens an account bound to the company."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from usine.accounts import invitations
from usine.accounts.invitations import InvalidInvitation, InvitationError
from usine.site import absolute_url

from .models import Company, Exhibitor

__all__ = ["InvalidInvitation", "InvitationError", "invite_exhibitor"]


def invite_exhibitor(*, company: Company, email: str, first_name: str) -> Exhibitor:
    """The exhibitor's account bound to `company`; the e-mail with its link on commit."""
    with transaction.atomic():
        user = invitations.invited_account(email=email, first_name=first_name)
        current = Exhibitor.objects.filter(user=user).select_related("company").first()
        if current is not None:
            if current.company_id == company.pk:
                message = _("Cette personne édite déjà le bâtiment de cette entreprise.")
            else:
                message = _("Cette adresse édite déjà le bâtiment d'une autre entreprise.")
            raise InvitationError(message, field="email")
        exhibitor = Exhibitor.objects.create(user=user, company=company)
        transaction.on_commit(lambda: send_invitation(exhibitor=exhibitor))
    return exhibitor


def send_invitation(*, exhibitor: Exhibitor) -> None:
    user = exhibitor.user
    if user.has_usable_password():
        link = absolute_url(reverse("login") + "?next=" + reverse("exhibits:dashboard"))
    else:
        link = absolute_url(invitations.invitation_path(user, route="exhibits:welcome"))
    body = render_to_string(
        "exhibits/invitation/email.txt",
        {"first_name": user.first_name, "company": exhibitor.company, "link": link},
    )
    send_mail(
        _("Usine : présentez votre entreprise au salon"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def invited_exhibitor(*, uidb64: str, token: str):
    """The account an exhibitor's link was made for, or InvalidInvitation."""
    return invitations.invited_user(
        uidb64=uidb64,
        token=token,
        invited=lambda user: Exhibitor.objects.filter(user=user).exists(),
    )


def accept_invitation(*, user, password: str) -> None:
    with transaction.atomic():
        invitations.accept_invitation(user=user, password=password)
