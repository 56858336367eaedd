"""Thin adapters: the visit counter, the dashboards and their CSV, the pupils' questionnaire."""

import contextlib

from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usine.fair.models import Edition
from usine.inputs import BadInput, json_error, json_object
from usine.roles import exhibitor_required, organizer_required, teacher_required
from usine.schools import join

from . import counting, dashboards, exports, recording, survey
from .errors import SurveyClosed
from .forms import SurveyForm


@csrf_exempt  # anonymous pages have no token (front cache); the origin is checked instead
@require_POST
def count(request):
    """What a page reports of its visit (page, building, testimonial played): 204, no cookie."""
    host = request.get_host()  # a host not served is refused (400), with or without an Origin
    origin = request.headers.get("Origin")
    if origin and origin.split("://", 1)[-1] != host:
        return HttpResponseForbidden(_("Ce compteur ne sert que les pages du salon."))
    try:
        counting.count_visit(
            request=request, data=json_object(request, max_bytes=counting.MAX_REPORT_BYTES)
        )
    except BadInput as error:
        return json_error(error.message, status=error.status)
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response


def _csv_response(tables, name):
    response = HttpResponse(exports.csv_text(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
@organizer_required
def organizer_index(request):
    edition = dashboards.default_edition()
    if edition is None:
        raise Http404(_("Aucune édition pour l'instant."))
    return redirect("insights:organizer", slug=edition.slug)


@require_GET
@organizer_required
def organizer(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    recording.refresh()
    return render(request, "insights/organizer.html", dashboards.organizer_page(edition=edition))


@require_GET
@organizer_required
def organizer_csv(request, slug, key):
    edition = get_object_or_404(Edition, slug=slug)
    tables = dashboards.organizer_tables(edition=edition)
    if key != "tout":
        tables = [table for table in tables if table.key == key]
        if not tables:
            raise Http404(_("Ce tableau n'existe pas."))
    return _csv_response(tables, f"usine-{edition.slug}-{key}")


@require_GET
@exhibitor_required
def exhibitor(request, company):
    return render(request, "insights/exhibitor.html", dashboards.exhibitor_page(company=company))


@require_GET
@exhibitor_required
def exhibitor_csv(request, company):
    page = dashboards.exhibitor_page(company=company)
    tables = [table for building in page["buildings"] for table in building["tables"]]
    return _csv_response(tables, f"usine-{slugify(company.name)}")


@require_GET
@teacher_required
def teacher(request):
    return render(
        request, "insights/teacher.html", dashboards.teacher_page(teacher=request.teacher)
    )


@require_GET
@teacher_required
def teacher_csv(request, slug):
    page = dashboards.teacher_page(teacher=request.teacher, edition_slug=slug)
    tables = [table for item in page["classes"] for table in item["tables"]]
    return _csv_response(tables, f"usine-{slug}-mes-classes")


@require_http_methods(["GET", "POST"])
def survey_page(request):
    """The pupil's two questions: the first step of the class hour (on joining, before the
    town), then its last (when the live exchange ends). Optional, anonymous, asked once each."""
    claim = join.request_claim(request)
    moment = survey.open_moment(claim=claim)
    if moment is None:
        return render(request, "insights/survey_closed.html", status=403)
    pupil = claim.pupil
    edition = pupil.school_class.edition
    late = request.method == "POST" and survey.answered_late(
        asked=request.POST.get("moment"), now=moment
    )
    if late:
        # The first questions sent once the hour was over (the page stayed open): they are
        # still the answers before the visit, and the exchange is where the class is now.
        moment, next_url = survey.BEFORE, reverse("live:class_exchange")
    elif moment == survey.BEFORE:
        next_url = (join.way_back(request.session, claim=claim) or reverse("town:town")) + (
            "?bienvenue=1"
        )
    else:
        next_url = request.path  # answered or skipped: the session's end, thanked
    before = moment == survey.BEFORE
    if survey.taken(pupil=pupil, moment=moment):
        if before:
            return redirect(next_url)
        return render(request, "insights/survey_done.html")
    form = SurveyForm(request.POST or None, trades=survey.trade_choices(edition=edition))
    if request.method == "POST":
        if "skip" in request.POST:
            with contextlib.suppress(SurveyClosed):
                survey.answer(pupil=pupil, moment=moment, session=request.session)
            return redirect(next_url)
        if form.is_valid():
            # Answered in another tab a moment ago: nothing to add.
            with contextlib.suppress(SurveyClosed):
                survey.answer(pupil=pupil, moment=moment, session=request.session, **form.answer())
            return redirect(next_url)
    return render(
        request,
        "insights/survey.html",
        {"form": form, "moment": moment, "before": before},
        status=400 if form.errors else 200,
    )
