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
from usine.roles import organizer_required
from usine.schools.models import SchoolClass

from .. import challenge
from ..errors import GameError
from ..forms import WinnerForm
from ..players import pupil_in_session

PODIUM_SIZE = 10


def _filters(request, edition):
    """The day (`?jour=2026-03-16`, one of the fair's) and the level (`?niveau=3e`) asked for;
    anything else is ignored."""
    day = None
    text = str(request.GET.get("jour", ""))[:10]
    try:
        asked = datetime.date.fromisoformat(text) if text else None
    except ValueError:
        asked = None
    if asked is not None and edition is not None and asked in challenge.fair_days(edition=edition):
        day = asked
    level = str(request.GET.get("niveau", ""))[:10]
    if level not in SchoolClass.Level.values:
        level = ""
    return day, level


def _context(request):
    edition = shown_edition()
    day, level = _filters(request, edition)
    rows = challenge.standings(edition=edition, day=day, level=level) if edition else []
    return {
        "edition": edition,
        "day": day,
        "level": level,
        "level_label": SchoolClass.Level(level).label if level else "",
        "days": challenge.fair_days(edition=edition) if edition else [],
        "levels": SchoolClass.Level.choices,
        # The town's box shows the first three (`?top=3`), the page the first ten.
        "rows": rows[: 3 if request.GET.get("top") == "3" else PODIUM_SIZE],
        "scoring": len(rows),
        "winners": challenge.winners(edition=edition) if edition else [],
    }


@require_GET
def podium(request):
    context = _context(request)
    pupil = pupil_in_session(request)
    if pupil is not None:  # the pupil's class, by its rank only
        context["my_rank"] = challenge.rank_of(school_class=pupil.school_class)
        context["pupil"] = pupil
    return render(request, "games/challenge.html", context)


@require_GET
def podium_json(request):
    context = _context(request)
    return JsonResponse(
        {
            "html": render_to_string("games/_podium.html", context, request=request),
            "rows": [row.as_json() for row in context["rows"]],
        }
    )


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
