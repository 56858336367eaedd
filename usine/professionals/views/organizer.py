"""The organizers' pages (staff accounts): availability, invitations, the scheduler's runs."""

from functools import wraps

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usine.fair.queries import open_edition
from usine.roles import organizer_required

from .. import report, services
from ..forms import InviteForm, ScheduleRunForm
from ..models import ScheduleRun
from ..schedule import (
    SchedulingServiceError,
    current_run,
    default_women_target_share,
    start_run,
)
from ..services import ProfessionalsError
from .professional import add_error

T = "professionals/organizer/"


def organizer_of_the_open_edition(view):
    """The organizers' planning pages need an open edition: they get it after the request."""

    @organizer_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        edition = open_edition()
        if edition is None:
            return render(request, "professionals/professional/no_edition.html", status=404)
        return view(request, edition, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "HEAD"])
@organizer_of_the_open_edition
def availability(request, edition):
    return render(
        request,
        T + "availability.html",
        {"edition": edition, **report.availability(edition=edition)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_of_the_open_edition
def invite(request, edition):
    form = InviteForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            professional = services.invite(
                edition=edition,
                email=data["email"],
                first_name=data["first_name"],
                company=data["company"],
                job=data["job"],
                invited_by=request.user,
            )
        except ProfessionalsError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": professional.user.email},
            )
            return redirect("professionals:organizer_invite")
    return render(request, T + "invite.html", {"form": form, "edition": edition})


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_of_the_open_edition
def schedule(request, edition):
    initial = {"women_target": round(default_women_target_share() * 100)}
    form = ScheduleRunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run = start_run(
                edition=edition,
                women_target_share=form.cleaned_data["women_target"] / 100,
                started_by=request.user,
            )
        except SchedulingServiceError as error:
            add_error(form, error)
        else:
            return redirect("professionals:organizer_run", pk=run.pk)
    runs = ScheduleRun.objects.filter(edition=edition).select_related("started_by")[:20]
    current = current_run(edition=edition)
    return render(
        request,
        T + "schedule.html",
        {"form": form, "edition": edition, "runs": runs, "current": current},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
@organizer_of_the_open_edition
def run_detail(request, edition, pk):
    run = get_object_or_404(ScheduleRun, pk=pk, edition=edition)
    summary = report.run_report(run=run) if run.status == ScheduleRun.Status.DONE else None
    return render(request, T + "run.html", {"run": run, "report": summary, "edition": edition})


@require_http_methods(["GET", "HEAD"])
@organizer_of_the_open_edition
def run_progress(request, edition, pk):
    """A run's state, polled every second by static/professionals/schedule_progress.js."""
    run = ScheduleRun.objects.filter(pk=pk, edition=edition).first()
    if run is None:
        return JsonResponse({"error": _("Calcul introuvable.")}, status=404)
    return JsonResponse(
        {
            "status": run.status,
            "progress": run.progress,
            "error": run.error,
            "status_label": run.get_status_display(),
        }
    )
