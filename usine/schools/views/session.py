"""The teacher's side of a class session: the live console, then the report and certificates."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from usine.roles import teacher_required

from .. import class_pages, passport, reports, services, session_clock, wording
from .. import console as class_console
from .teachers import site_url_of


def _booked_class(request, pk):
    shown = class_pages.shown_class(teacher=request.teacher, class_id=pk)
    booking = getattr(shown.school_class, "booking", None)
    if booking is None:
        raise Http404(_("Cette classe n'a pas de réservation."))
    return shown, booking


@require_GET
@teacher_required
def console(request, pk):
    shown, booking = _booked_class(request, pk)
    school_class = shown.school_class
    return render(
        request,
        "schools/console.html",
        {
            "school_class": school_class,
            "booking": booking,
            "clock": session_clock.clock_for(slot=booking.slot),
            "pupils": class_console.presence(booking=booking, order=shown.pupils),
            "goal_buildings": passport.GOAL_BUILDINGS,
            "ws_url": f"/ws/classe/{booking.pk}/console/",
            # Each row's "free" form: one URL reversed, not one per pupil.
            "free_url_prefix": reverse("schools:free_seat", args=[school_class.pk, 0]).removesuffix(
                "0/"
            ),
            "now": timezone.now(),
        },
    )


@require_POST
@teacher_required
def free_seat(request, pk, pupil_pk):
    school_class = _booked_class(request, pk)[0].school_class
    class_console.free_seat(school_class=school_class, pupil_id=pupil_pk, by=request.user)
    messages.success(request, _("Pseudonyme libéré : un élève peut à nouveau le choisir."))
    return redirect("schools:console", pk=school_class.pk)


@require_POST
@teacher_required
def gather(request, pk):
    shown, booking = _booked_class(request, pk)
    school_class = shown.school_class
    class_console.gather(booking=booking)
    messages.success(request, _("La classe est appelée au point de rendez-vous de la ville."))
    return redirect("schools:console", pk=school_class.pk)


def _report_context(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    return {
        "school_class": school_class,
        # Explicit: the PDFs must not depend on a context processor to name the group.
        "words": wording.for_class(school_class),
        "report": reports.class_report(school_class=school_class),
        "goal_buildings": passport.GOAL_BUILDINGS,
        "goal_sectors": passport.GOAL_SECTORS,
        "today": timezone.localdate(),
    }


@require_GET
@teacher_required
def report(request, pk):
    return render(request, "schools/report.html", _report_context(request, pk))


def _pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    html = render_to_string(template, context, request=request)
    response = HttpResponse(
        HTML(string=html, base_url=site_url_of(request)).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@teacher_required
def report_pdf(request, pk):
    context = _report_context(request, pk)
    kind = "groupe" if context["words"].adults else "classe"
    return _pdf(request, "schools/report_pdf.html", context, f"bilan-{kind}-{pk}.pdf")


@require_GET
@teacher_required
def certificates_pdf(request, pk):
    context = _report_context(request, pk)
    if not context["report"].certificates:
        raise Http404(
            _("Aucun·e participant·e de ce groupe n'a encore pris part au salon.")
            if context["words"].adults
            else _("Aucun élève de cette classe n'a encore participé au salon.")
        )
    return _pdf(request, "schools/certificates_pdf.html", context, f"attestations-{pk}.pdf")
