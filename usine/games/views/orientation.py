""" "Which trade for me?" (/quel-metier/): the questions, the result a link can share, and a
pupil keeping it in the passport."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from usine.fair.queries import shown_edition
from usine.front_cache import front_cached

from .. import orientation
from ..errors import GameError
from ..players import pupil_in_session


@require_GET
@front_cached
def questions(request):
    """A GET form (nothing to protect, nothing stored): complete answers lead to the result."""
    answered = {key: request.GET[key] for key in request.GET if key.startswith("q")}
    missing = False
    if answered:
        code = orientation.profile(request.GET)
        if code is not None:
            return redirect("games:orientation_result", code=code)
        missing = True
    return render(
        request,
        "games/orientation.html",
        {"questions": orientation.questions(), "answered": answered, "missing": missing},
        status=400 if missing else 200,
    )


@require_GET
@front_cached
def result(request, code):
    try:
        code = orientation.check_code(code)
    except GameError as error:
        return render(request, "games/orientation_unknown.html", {"error": error}, status=404)
    pupil = pupil_in_session(request)
    return render(
        request,
        "games/orientation_result.html",
        {
            "code": code,
            "letters": orientation.described(code),
            "matches": orientation.matches(code=code, edition=shown_edition()),
            "pupil": pupil,
            "kept": orientation.kept_code(pupil=pupil) == code if pupil else False,
        },
    )


def _kept_profile_change(request, code, change):
    """Keeping or removing the profile: only a pupil in session, only a code that is a profile;
    `change(pupil, code)` acts and returns the message to show (or "")."""
    pupil = pupil_in_session(request)
    if pupil is None:
        messages.error(request, _("Seul·e un·e élève en session avec sa classe garde son profil."))
        return redirect("games:orientation")
    try:
        code = orientation.check_code(code)
        said = change(pupil, code)
    except GameError as error:
        return render(request, "games/orientation_unknown.html", {"error": error}, status=404)
    if said:
        messages.success(request, said)
    return redirect("games:orientation_result", code=code)


@require_POST
def keep(request, code):
    def change(pupil, code):
        orientation.keep(pupil=pupil, code=code)
        return _("Ton profil est gardé dans ton passeport.")

    return _kept_profile_change(request, code, change)


@require_POST
def forget(request, code):
    """Back to the profile's page, without the profile in the passport."""

    def change(pupil, code):
        return (
            _("Ton profil n'est plus dans ton passeport.")
            if orientation.forget(pupil=pupil)
            else ""
        )

    return _kept_profile_change(request, code, change)
