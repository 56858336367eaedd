"""One-time invitation links, shared by every invited role (professionals, exhibitors).

An invitation creates (or reuses) an account; a new one stays inactive with no usable password
until its owner follows the link: Django's password-reset token, which stops working once the
password is set. Each role's service decides who may be invited and what the account becomes.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from usine.organizers import is_organizer


class InvitationError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInvitation(InvitationError):
    pass


def invited_account(*, email: str, first_name: str):
    """The account for this address: the existing one, or a new inactive one. Organizers'
    accounts are never invited into another role. Call inside the caller's transaction."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name.strip())
        user.is_active = False  # until the password is set through the link
        user.set_unusable_password()
        user.save()
    elif is_organizer(user):
        raise InvitationError(
            _("Cette adresse est celle d'un compte d'organisation."), field="email"
        )
    return user


def invitation_path(user, *, route: str) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse(route, kwargs={"uidb64": uidb64, "token": token})


def invited_user(*, uidb64: str, token: str, invited):
    """The account a link was made for, if `invited(user)` says it was invited; else
    InvalidInvitation."""
    User = get_user_model()
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (ValueError, UnicodeDecodeError, OverflowError, User.DoesNotExist):
        raise InvalidInvitation(_("Ce lien d'invitation n'est pas valide.")) from None
    if not invited(user):
        raise InvalidInvitation(_("Ce lien d'invitation n'est pas valide."))
    if not default_token_generator.check_token(user, token):
        raise InvalidInvitation(_("Ce lien d'invitation a expiré ou a déjà servi."))
    return user


def accept_invitation(*, user, password: str) -> None:
    """Sets the password (which also spends the link) and opens the account."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
