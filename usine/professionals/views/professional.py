"""The professional's own pages: the invitation link, the profile, the exchanges.

Everything is looked up through the signed-in professional: another professional's exchange
answers 404 whatever its id.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usine.fair.queries import open_edition
from usine.roles import exhibitor_required, professional_required

from .. import mail, services
from ..forms import InviteForm, ProfileForm
from ..services import InvalidInvitation, ProfessionalsError

T = "professionals/professional/"


def add_error(form, error) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET", "HEAD", "POST"])
def welcome(request, uidb64, token):
    try:
        user = services.invited_user(uidb64=uidb64, token=token)
    except InvalidInvitation as error:
        return render(request, T + "welcome_invalid.html", {"message": error.message}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Votre compte est ouvert. Complétez votre profil."))
        return redirect("professionals:profile")
    return render(request, T + "welcome.html", {"form": form, "user_email": user.email})


@require_http_methods(["GET", "HEAD", "POST"])
@professional_required
def profile(request, professional):
    form = ProfileForm(request.POST or None, professional=professional)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.update_profile(
                professional=professional,
                first_name=data["first_name"],
                company=data["company"],
                trade=data["trade"],
                job=data["job"],
                presentation=data["presentation"],
                gender=data["gender"] or "",
                charter_accepted=data["charter"],
                max_per_day=data["max_per_day"],
                slots=data["slots"],
            )
        except ProfessionalsError as error:
            add_error(form, error)
        else:
            if changed:
                messages.info(
                    request,
                    _("Votre planning a changé : les classes concernées sont prévenues."),
                )
            messages.success(request, _("Profil enregistré."))
            return redirect("professionals:profile")
    return render(request, T + "profile.html", {"form": form, "professional": professional})


@require_http_methods(["GET", "HEAD"])
@professional_required
def assignments(request, professional):
    now = timezone.now()
    rows = []
    assigned = services.current_assignments(professional=professional)
    for assignment in assigned.select_related("booking__live_room"):
        timeline = assignment.booking.slot.timeline
        # The room is reached from here until the exchange ends (the e-mail has its address too).
        room = getattr(assignment.booking, "live_room", None) if timeline.ends_at > now else None
        rows.append((assignment, timeline.exchange_starts_at, room))
    return render(
        request,
        T + "assignments.html",
        {"professional": professional, "rows": rows, "now": now},
    )


def _own_assignment(professional, pk):
    assignment = services.current_assignments(professional=professional).filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("Échange introuvable."))
    return assignment


@require_http_methods(["GET", "HEAD", "POST"])
@professional_required
def assignment_cancel(request, professional, pk):
    assignment = _own_assignment(professional, pk)
    starts = assignment.booking.slot.timeline.exchange_starts_at
    error = None
    if request.method == "POST":
        try:
            services.cancel_assignment(professional=professional, assignment_id=assignment.pk)
        except ProfessionalsError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _(
                    "Échange annulé. La classe est prévenue et un·e autre professionnel·le lui "
                    "est proposé·e si possible."
                ),
            )
            return redirect("professionals:assignments")
    return render(
        request,
        T + "assignment_cancel.html",
        {"assignment": assignment, "starts": starts, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD"])
@professional_required
def assignment_ics(request, professional, pk):
    assignment = _own_assignment(professional, pk)
    body = mail.calendar([assignment], sequence=assignment.run_id)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="usine-echange-{assignment.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def exhibitor_invite(request, company):
    """An exhibitor invites a colleague of their company to talk with classes."""
    edition = open_edition()
    if edition is None:
        return render(request, T + "no_edition.html", status=404)
    form = InviteForm(request.POST or None, edition=edition, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            professional = services.invite(
                edition=edition,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                company=company,
                job=form.cleaned_data["job"],
                invited_by=request.user,
            )
        except ProfessionalsError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": professional.user.email},
            )
            return redirect("professionals:exhibitor_invite")
    invited = company.professionals.filter(edition=edition).select_related("job", "user")
    return render(
        request, T + "exhibitor_invite.html", {"form": form, "company": company, "invited": invited}
    )
