"""The pupils' pages and endpoints: joining a class, the passport's pings. Thin adapters."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from usine.inputs import BadInput, json_error, json_object

from .. import join, passport, session_clock, wording
from ..errors import JoinError, NotAPupil, NotYetTime, TooManyAttempts
from ..join import PUPIL_SESSION_KEY, TEXT_VIEW_SESSION_KEY

# `?vue=texte` on the join page: the pupil came from the text view and goes back to it.
TEXT_VIEW = "texte"


@never_cache
@require_http_methods(["GET", "POST"])
def join_class(request):
    """Step 1: the class code. Step 2 (same page, the code sent again): the pseudonym."""
    code = (request.POST.get("code") or request.GET.get("code") or "")[:40]
    text_view = (request.POST.get("vue") or request.GET.get("vue")) == TEXT_VIEW
    context = {"code": code, "current": join.claim_of(request.session), "text_view": text_view}
    if request.method == "GET":
        return render(request, "schools/join.html", context)
    try:
        school_class = join.find_class(code=code, ip=request.META.get("REMOTE_ADDR", ""))
        _booking, clock = join.session_open(school_class=school_class)
    except NotYetTime as error:
        context["when"] = error.message
        return render(request, "schools/join.html", context, status=error.status)
    except JoinError as error:
        context["error"] = error.message
        response = render(request, "schools/join.html", context, status=error.status)
        if isinstance(error, TooManyAttempts):
            response["Retry-After"] = str(error.seconds)
        return response

    if not request.session.session_key:
        request.session.save()  # the seat is held by this browser's session key
    context.update(
        school_class=school_class,
        code=school_class.code_display,
        words=wording.for_class(school_class),
    )
    chosen = request.POST.get("pupil")
    if chosen is not None:
        try:
            pupil = join.claim(
                school_class=school_class, pupil_id=chosen, session_key=request.session.session_key
            )
        except JoinError as error:
            context["error"] = error.message
            context["pseudonyms"] = join.pseudonyms(
                school_class=school_class, session_key=request.session.session_key
            )
            return render(request, "schools/join_pick.html", context, status=error.status)
        request.session[PUPIL_SESSION_KEY] = pupil.pk
        request.session[TEXT_VIEW_SESSION_KEY] = text_view
        if clock.phase == session_clock.LIVE:
            return redirect("live:class_exchange")
        # The hour starts with the two questions (optional, asked once), then the town.
        return redirect("insights:survey")
    context["pseudonyms"] = join.pseudonyms(
        school_class=school_class, session_key=request.session.session_key
    )
    return render(request, "schools/join_pick.html", context)


def _json_error(error: JoinError | BadInput) -> JsonResponse:
    return json_error(error.message, status=error.status)


def _pupil_and_data(request):
    claim = join.claim_of(request.session)
    if claim is None:
        raise NotAPupil()
    return claim.pupil, json_object(request)


@require_POST
def passport_visit(request):
    """The building page (or the town) is open: time in the building, presence."""
    try:
        pupil, data = _pupil_and_data(request)
        stamps = passport.record_presence(pupil=pupil, building_slug=str(data.get("building", "")))
    except (JoinError, BadInput) as error:
        return _json_error(error)
    return JsonResponse(stamps.as_json())


@require_POST
def passport_testimonial(request):
    """A testimonial's video is playing: the player's position in it, every few seconds."""
    try:
        pupil, data = _pupil_and_data(request)
        stamps = passport.record_testimonial(
            pupil=pupil, testimonial_id=data.get("testimonial"), position=data.get("position")
        )
    except (JoinError, BadInput) as error:
        return _json_error(error)
    return JsonResponse(stamps.as_json())
