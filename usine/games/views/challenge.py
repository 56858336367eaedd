"""The class challenge: the podium (/defi/, live through /defi/podium.json) and the organizers'
winners (/organisation/defi/)."""

import datetime

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from usine.fair.queries import shown_edition
from usine.front_cache import front_cached
from usine.roles import organizer_required
from usine.schools import wording
from usine.schools.models import SchoolClass

from .. import challenge
from ..errors import GameError
from ..forms import WinnerForm
from ..players import pupil_in_session

PODIUM_SIZE = 10


def _filters(request) -> tuple[datetime.date | None, str]:
    """The day (`?jour=2026-03-16`; challenge.live_podium keeps it if it is one of the fair's)
    and the level (`?niveau=3e`) asked for; anything else is ignored."""
    text = str(request.GET.get("jour", ""))[:10]
    try:
        day = datetime.date.fromisoformat(text) if text else None
    except ValueError:
        day = None
    level = str(request.GET.get("niveau", ""))[:10]
    if level not in SchoolClass.Level.values:
        level = ""
    return day, level


def podium_box(request, *, top: int = PODIUM_SIZE) -> dict:
    """What a podium box draws: the standings asked for, their first `top`, and for a pupil in
    session the class's place — its rank, never a score of a pupil. Read from the cache alone."""
    day, level = _filters(request)
    podium = challenge.live_podium(day=day, level=level)
    pupil = pupil_in_session(request)
    if pupil is not None and podium.edition is not None:
        pupil = pupil if pupil.school_class.edition_id == podium.edition.pk else None
    version = podium.version
    if pupil is not None:  # the box marks the class: a version of its own
        version = f"{version}-{pupil.school_class_id}"
    return {
        "version": version,
        "edition": podium.edition,
        "day": podium.day,
        "level": podium.level,
        "level_label": SchoolClass.Level(podium.level).label if podium.level else "",
        "rows": podium.rows[:top],
        "compact": top <= 3,  # a box in a side panel: the school goes under the class
        "scoring": len(podium.rows),
        "pupil": pupil,
        "mine": podium.place_of(pupil.school_class_id) if pupil else None,
        "adults": wording.for_class(pupil.school_class).adults if pupil else False,
    }


@require_GET
def podium(request):
    context = podium_box(request)
    edition = context["edition"]
    context["days"] = challenge.fair_days(edition=edition) if edition else []
    context["levels"] = SchoolClass.Level.choices
    context["winners"] = challenge.winners(edition=edition) if edition else []
    return render(request, "games/challenge.html", context)


@require_GET
@front_cached
def podium_json(request):
    """The podium box's poll: `?v=` the version it shows; the box's HTML only when it moved.
    The same for every visitor (the front cache keeps it a second), but for a pupil in session,
    whose class is marked."""
    # The town's box shows the first three (`?top=3`), the page the first ten.
    context = podium_box(request, top=3 if request.GET.get("top") == "3" else PODIUM_SIZE)
    version = context["version"]
    if request.GET.get("v") == version:
        return JsonResponse({"version": version})
    html = render_to_string("games/_podium.html", context, request=request)
    return JsonResponse({"version": version, "html": html})


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def winners(request):
    edition = shown_edition()
    rows = challenge.standings(edition=edition) if edition else []
    form = WinnerForm(request.POST or None, classes=rows)
    status = 200
    if request.method == "POST":
        if edition is not None and form.is_valid():
            school_class = SchoolClass.objects.filter(
                pk=form.cleaned_data["school_class"], edition=edition
            ).first()
            try:
                if school_class is None:
                    raise GameError(_("Choisissez une classe du classement."), field="school_class")
                challenge.mark_winner(
                    edition=edition,
                    school_class=school_class,
                    title=form.cleaned_data["title"],
                    prize=form.cleaned_data["prize"],
                )
            except GameError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s est lauréate ; son enseignant·e reçoit un e-mail.")
                    % {"name": school_class.name},
                )
                return redirect("games:challenge_winners")
        status = 400
    return render(
        request,
        "games/challenge_winners.html",
        {
            "edition": edition,
            "form": form,
            "rows": rows[:30],
            "winners": challenge.winners(edition=edition) if edition else [],
        },
        status=status,
    )
