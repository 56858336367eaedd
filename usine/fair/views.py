"""The organizers' set-up pages: editions, their session slots and their town's layout."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usine.roles import organizer_required

from . import layout, services
from .errors import FairError
from .forms import EditionForm, PlotForm, SlotsForm
from .models import Edition
from .queries import edition_slots, slots_by_day
from .slots import create_slots, plan_slots

T = "fair/organizer/"


def add_error(form, error: FairError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET", "HEAD"])
@organizer_required
def editions(request):
    return render(request, T + "editions.html", {"editions": Edition.objects.all()})


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def edition_new(request):
    last = services.last_edition()
    form = EditionForm(request.POST or None, initial={"copy_of": last.slug if last else None})
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.create_edition(**form.cleaned_data)
        except FairError as error:
            add_error(form, error)
        else:
            messages.success(request, _("L'édition « %(name)s » est créée.") % {"name": edition})
            return redirect("fair:edition", slug=edition.slug)
    return render(request, T + "edition_new.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def edition(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    if request.method == "POST":
        services.open_edition_now(edition=edition)
        messages.success(
            request, _("« %(name)s » est l'édition ouverte au public.") % {"name": edition}
        )
        return redirect("fair:edition", slug=edition.slug)
    return render(
        request,
        T + "edition.html",
        {
            "edition": edition,
            "building_count": edition.buildings.count(),
            "slot_count": edition.session_slots.count(),
        },
    )


def _by_day(starts) -> list[tuple]:
    days: dict = {}
    for starts_at in starts:
        days.setdefault(timezone.localdate(starts_at), []).append(starts_at)
    return list(days.items())


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def slots(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    form = SlotsForm(request.POST or None, edition=edition)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "create" in request.POST:
            try:
                created, existing = create_slots(
                    edition=edition,
                    days=data["days"],
                    start_times=data["start_times"],
                    capacity=data["capacity"],
                    duration_minutes=data["duration_minutes"],
                )
            except FairError as error:
                add_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(created)s créneaux créés, %(existing)s existaient déjà.")
                    % {"created": created, "existing": existing},
                )
                return redirect("fair:slots", slug=edition.slug)
        plan = plan_slots(
            edition=edition,
            days=data["days"],
            start_times=data["start_times"],
            duration_minutes=data["duration_minutes"],
        )
    return render(
        request,
        T + "slots.html",
        {
            "edition": edition,
            "form": form,
            "plan": plan,
            "planned_days": _by_day(plan.new) if plan else [],
            "days": slots_by_day(edition_slots(edition=edition)),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def town_layout(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    taken = services.occupancy(edition=edition)
    occupants = {code: building.name for code, building in taken.items()}
    form = PlotForm(request.POST or None, edition=edition, occupants=occupants)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            building = form.cleaned_data["building"]
            try:
                cell = services.move_building(building=building, code=form.cleaned_data["plot"])
            except FairError as error:
                add_error(form, error)
            else:
                messages.success(
                    request,
                    _("« %(name)s » est maintenant sur le terrain %(code)s.")
                    % {"name": building.name, "code": cell.code},
                )
                return redirect("fair:layout", slug=edition.slug)
        status = 400
    return render(
        request,
        T + "layout.html",
        {
            "edition": edition,
            "form": form,
            "buildings": edition.buildings.order_by("name"),
            "cells": layout.CELLS,
            "taken": taken,
            "map": {
                "min_x": layout.MIN_X,
                "min_z": layout.MIN_Z,
                "width": layout.MAX_X - layout.MIN_X,
                "height": layout.MAX_Z - layout.MIN_Z,
                "coast_z": layout.COAST_Z,
                "sea_height": layout.MAX_Z - layout.COAST_Z,
                "block": layout.GRID - 10,
                "footprint": layout.FOOTPRINT,
                "columns": layout.COLUMN_COUNT,
            },
        },
        status=status,
    )
