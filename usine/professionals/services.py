"""Professionals: invitations, profiles, availability, and cancelling an exchange.

An invitation creates (or reuses) an account and the professional's profile for the edition, and
e-mails a one-time link: Django's password-reset token, which stops working once the password is
set. Withdrawing a slot that holds an exchange, or the charter, re-solves the schedule with as few
changes as possible (`schedule.reschedule`) in the same transaction.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.accounts import invitations
from usine.exhibits.models import Company, JobProfile, Trade
from usine.exhibits.queries import edition_jobs
from usine.fair.models import Edition
from usine.site import absolute_url

from . import mail, schedule
from .models import Assignment, Professional


class ProfessionalsError(Exception):
    """A refused request about professionals; `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInvitation(ProfessionalsError):
    pass


# --- Invitations ---------------------------------------------------------------------------------


def invite(
    *,
    edition: Edition,
    email: str,
    first_name: str,
    company: Company | None = None,
    job: JobProfile | None = None,
    invited_by=None,
) -> Professional:
    """The professional's profile, and their account if they have none; the e-mail on commit."""
    email = email.strip().lower()
    if job is not None and company is not None and job.company_id != company.pk:
        raise ProfessionalsError(_("Ce métier n'est pas celui de cette entreprise."), field="job")
    if job is not None and not edition_jobs(edition=edition).filter(pk=job.pk).exists():
        raise ProfessionalsError(_("Ce métier n'est pas présenté à cette édition."), field="job")
    with transaction.atomic():
        try:
            user = invitations.invited_account(email=email, first_name=first_name)
        except invitations.InvitationError as error:
            raise ProfessionalsError(error.message, field=error.field) from None
        if Professional.objects.filter(user=user, edition=edition).exists():
            raise ProfessionalsError(
                _("Cette personne est déjà invitée pour cette édition."), field="email"
            )
        professional = Professional.objects.create(
            user=user,
            edition=edition,
            first_name=first_name.strip(),
            company=company or (job.company if job else None),
            job=job,
            trade=job.trade if job else None,
            invited_by=invited_by,
        )
        transaction.on_commit(lambda: send_invitation(professional=professional))
    return professional


def invitation_path(user) -> str:
    return invitations.invitation_path(user, route="professionals:welcome")


def send_invitation(*, professional: Professional) -> None:
    """The invitation: a one-time link to set a password, or the login page for an account that
    already has one."""
    user = professional.user
    if user.has_usable_password():
        link = absolute_url(reverse("login") + "?next=" + reverse("professionals:profile"))
    else:
        link = absolute_url(invitation_path(user))
    body = render_to_string(
        "professionals/professional/email/invitation.txt",
        {"professional": professional, "link": link, "edition": professional.edition},
    )
    send_mail(
        _("Usine : vous êtes invité·e à échanger avec des classes"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def invited_user(*, uidb64: str, token: str):
    """The account an invitation link was made for, or InvalidInvitation."""
    try:
        return invitations.invited_user(
            uidb64=uidb64,
            token=token,
            invited=lambda user: Professional.objects.filter(user=user).exists(),
        )
    except invitations.InvalidInvitation as error:
        raise InvalidInvitation(error.message) from None


def accept_invitation(*, user, password: str) -> None:
    with transaction.atomic():
        invitations.accept_invitation(user=user, password=password)


# --- Profile and availability --------------------------------------------------------------------


def current_assignments(*, professional: Professional) -> QuerySet[Assignment]:
    """The professional's exchanges in the edition's current schedule."""
    run = schedule.current_run(edition=professional.edition)
    if run is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(run=run, professional=professional)
        .select_related("booking__slot", "booking__school_class__teacher__school")
        .order_by("booking__slot__starts_at")
    )


def update_profile(
    *,
    professional: Professional,
    first_name: str,
    company: Company | None,
    job: JobProfile | None,
    presentation: str,
    gender: str,
    charter_accepted: bool,
    trade: Trade | None = None,
    max_per_day: int,
    slots,
    now: datetime.datetime | None = None,
) -> list:
    """Saves the profile and availability; returns the bookings whose professional changed.

    `trade` is the one the scheduler matches with classes' wishes (the job profile's when not
    given); a job profile of another trade is refused.

    Withdrawn slots (or charter) that held an exchange trigger a minimal-change re-solve. Lowering
    the daily limit below the exchanges already given on a day is refused: the professional
    cancels one of them first, so they choose which.
    """
    now = now or timezone.now()
    edition = professional.edition
    slots = list(slots)
    if any(slot.edition_id != edition.pk for slot in slots):
        raise ProfessionalsError(_("Ce créneau n'est pas de cette édition."), field="slots")
    if job is not None and not edition_jobs(edition=edition).filter(pk=job.pk).exists():
        raise ProfessionalsError(_("Ce métier n'est pas présenté à cette édition."), field="job")
    if trade is None:
        trade = job.trade if job is not None else None
    elif job is not None and job.trade_id not in (None, trade.pk):
        raise ProfessionalsError(
            _("Cette fiche présente un autre métier (%(trade)s) que le vôtre.")
            % {"trade": job.trade.label},
            field="job",
        )
    with transaction.atomic():
        assigned = list(current_assignments(professional=professional))
        # Classes are matched on the trade: another job profile of the same trade changes nothing.
        trade_changed = professional.trade_id != (trade.pk if trade else None)
        per_day = Counter(timezone.localdate(a.booking.slot.starts_at) for a in assigned)
        busiest = max(per_day.items(), key=lambda item: item[1], default=None)
        if busiest and busiest[1] > max_per_day:
            raise ProfessionalsError(
                _(
                    "Vous avez déjà %(count)s échanges le %(day)s : annulez-en d'abord un dans "
                    "« Mes échanges » pour baisser cette limite."
                )
                % {"count": busiest[1], "day": busiest[0].strftime("%d/%m/%Y")},
                field="max_per_day",
            )
        professional.first_name = first_name.strip()
        professional.company = company or (job.company if job else None)
        professional.job = job
        professional.trade = trade
        professional.presentation = presentation.strip()
        professional.gender = gender
        if charter_accepted and professional.charter_accepted_at is None:
            professional.charter_accepted_at = now
        elif not charter_accepted:
            professional.charter_accepted_at = None
        professional.max_per_day = max_per_day
        professional.save()
        professional.available_slots.set(slots)
        changed = []
        kept = {slot.pk for slot in slots}
        losing = [a for a in assigned if a.booking.slot_id not in kept]
        if assigned and (losing or not professional.can_be_scheduled or trade_changed):
            # A new job keeps the exchanges only if the re-solve finds nothing better; it is
            # simplest to let the solver decide with the unchanged tier.
            changed = schedule.reschedule(edition=edition, now=now)
    return changed


def cancel_assignment(*, professional: Professional, assignment_id: int, now=None) -> list:
    """The professional cannot take this exchange: their slot is withdrawn and the schedule
    re-solved. Returns the bookings whose professional changed."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment = current_assignments(professional=professional).filter(pk=assignment_id).first()
        if assignment is None:
            raise ProfessionalsError(_("Cet échange n'est pas dans votre planning."))
        if assignment.booking.slot.starts_at <= now:
            raise ProfessionalsError(
                _("Cet échange a déjà commencé : il ne peut plus être annulé.")
            )
        professional.available_slots.remove(assignment.booking.slot)
        ics = mail.exchange_cancellation(assignment=assignment)
        email, name = professional.user.email, assignment.booking.school_class.name
        transaction.on_commit(
            lambda: mail.send_exchange_cancellation(emails=[email], name=name, ics=ics)
        )  # the teacher hears of the replacement from the re-solve (same UID, newer SEQUENCE)
        return schedule.reschedule(edition=professional.edition, now=now)
