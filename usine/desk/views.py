"""The desk's pages: asking at a building and watching its camera (visitors and pupils),
answering and going on camera (the company), reviewing and the FAQ (teachers, counsellors,
organizers). Thin adapters over services.py and camera.py."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from usine.exhibits import presence
from usine.exhibits.models import PresenceSlot
from usine.exhibits.queries import open_building
from usine.fair.queries import shown_edition
from usine.live import video
from usine.live.views.video import video_context, with_janus
from usine.roles import roles_of
from usine.schools.join import request_claim

from . import camera, live, rules, services
from .models import DeskQuestion

# A visitor's own questions, by id, for as long as the browser session lasts (nothing else).
VISITOR_QUESTIONS_KEY = "desk_questions"
VISITOR_QUESTIONS_KEPT = 30


def _asker_questions(request, building):
    claim = request_claim(request)
    if claim is not None:
        return claim.pupil, DeskQuestion.objects.filter(building=building, pupil=claim.pupil)
    ids = request.session.get(VISITOR_QUESTIONS_KEY, [])
    return None, DeskQuestion.objects.filter(
        building=building, pk__in=ids, asker=DeskQuestion.Asker.VISITOR
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request, slug):
    building = open_building(slug=slug, edition=shown_edition())
    pupil, mine = _asker_questions(request, building)
    error = ""
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")[:2000]
        try:
            question = services.ask(
                building=building,
                text=text,
                pupil=pupil,
                waiting_ids=request.session.get(VISITOR_QUESTIONS_KEY, []),
            )
        except services.DeskError as refusal:
            error = refusal.message
        else:
            if pupil is None:
                kept = [*request.session.get(VISITOR_QUESTIONS_KEY, []), question.pk]
                request.session[VISITOR_QUESTIONS_KEY] = kept[-VISITOR_QUESTIONS_KEPT:]
            messages.success(
                request,
                _("Question envoyée. Un adulte la relit avant de la transmettre à l'entreprise.")
                if pupil is not None
                else _("Question envoyée. L'organisation la relit avant de la transmettre."),
            )
            return redirect("desk:ask", slug=building.slug)
    here, upcoming = _presence(building)
    on_camera = camera.on_camera(building=building)
    context = {
        "building": building,
        "here": here,
        "upcoming": upcoming,
        "on_camera": on_camera,
        "pupil": pupil,
        "mine": mine.select_related("slot").order_by("-created_at"),
        "live_version": _ask_version(mine, here, upcoming, on_camera),
        "faq": services.faq(building=building),
        "error": error,
        "text": text,
        "max_length": services.QUESTION_MAX_LENGTH,
    }
    if on_camera is not None:
        context.update(_camera_video(request, on_camera))
    response = render(request, "desk/ask.html", context, status=400 if error else 200)
    return with_janus(response, request) if on_camera is not None else response


def _camera_video(request, slot, *, publishing=False):
    """The video part of a page showing the slot's camera: the host's camera page publishes;
    the building's desk page only watches, whoever looks at it (its host included)."""
    role = video.Role.PROFESSIONAL if publishing else video.Role.VISITOR
    display = slot.host_label if publishing else ""
    return video_context(
        request=request, room_key=camera.room_key(slot.pk), role=role, display=display
    )


def _presence(building):
    now = timezone.now()
    here = presence.current_slot(building=building, now=now)
    upcoming = list(
        building.presence_slots.filter(starts_at__gt=now).order_by("starts_at")[
            : presence.UPCOMING_SHOWN
        ]
    )
    return here, upcoming


def _ask_version(mine, here, upcoming, on_camera):
    slots = [here.pk if here else None, *(s.pk for s in upcoming)]
    return live.version(mine, slots=[*slots, ("camera", on_camera.pk if on_camera else None)])


@never_cache
@require_http_methods(["GET", "HEAD"])
def ask_state(request, slug):
    """The version of the asking page's live part (see live.py)."""
    building = open_building(slug=slug, edition=shown_edition())
    _pupil, mine = _asker_questions(request, building)
    on_camera = camera.on_camera(building=building)
    return JsonResponse({"version": _ask_version(mine, *_presence(building), on_camera)})


def _signed_in(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@never_cache
@require_http_methods(["GET", "HEAD"])
def answer_page(request):
    if (login := _signed_in(request)) is not None:
        return login
    company = rules.desk_company(request.user)
    if company is None:
        raise PermissionDenied(_("Cet espace est réservé aux entreprises exposantes."))
    questions = rules.for_company(company=company).select_related("building", "slot")
    here = _company_here(company)
    return render(
        request,
        "desk/answer.html",
        {
            "company": company,
            "live_version": live.version(questions, slots=_answer_slots(here)),
            "hosting": _hosting(request.user, company),
            "to_answer": questions.filter(state=DeskQuestion.State.OPEN),
            "answered": questions.filter(state=DeskQuestion.State.ANSWERED).order_by(
                "-answered_at"
            )[:30],
            "here": here,
            "max_length": services.ANSWER_MAX_LENGTH,
        },
    )


def _hosting(user, company):
    """The account's own presences under way at the company's desks (it may go on camera)."""
    now = timezone.now()
    return PresenceSlot.objects.filter(
        host=user, building__company=company, starts_at__lte=now, ends_at__gt=now
    ).select_related("building")


def _answer_slots(here):
    return [(slot.pk, slot.camera_opened_at is not None) for slot in here]


def _company_here(company):
    now = timezone.now()
    return [
        slot
        for building in company.buildings.filter(edition__state="open")
        if (slot := presence.current_slot(building=building, now=now)) is not None
    ]


def _json_refusal(request):
    """Why a signed-out or foreign account gets no desk version (JSON, never a login page)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Connectez-vous pour suivre cet accueil.")}, status=403)
    return None


@never_cache
@require_http_methods(["GET", "HEAD"])
def answer_state(request):
    if (refusal := _json_refusal(request)) is not None:
        return refusal
    company = rules.desk_company(request.user)
    if company is None:
        return JsonResponse(
            {"error": _("Cet espace est réservé aux entreprises exposantes.")}, status=403
        )
    here = _company_here(company)
    questions = rules.for_company(company=company)
    return JsonResponse({"version": live.version(questions, slots=_answer_slots(here))})


@require_POST
def answer(request, pk):
    if (login := _signed_in(request)) is not None:
        return login
    try:
        services.answer(question_id=pk, user=request.user, text=request.POST.get("text", ""))
    except services.DeskError as refusal:
        if refusal.code == "forbidden":
            raise PermissionDenied(refusal.message) from None
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Réponse envoyée."))
    return redirect("desk:answer")


def _reviewer(request):
    roles = roles_of(request.user)
    if not (roles.teacher or roles.organizer):
        raise PermissionDenied(_("Cet espace est réservé aux enseignant·es et à l'organisation."))
    return roles


@never_cache
@require_http_methods(["GET", "HEAD"])
def review_page(request):
    if (login := _signed_in(request)) is not None:
        return login
    roles = _reviewer(request)
    questions = rules.for_reviewer(request.user).select_related("building", "school_class", "pupil")
    return render(
        request,
        "desk/review.html",
        {
            "live_version": live.version(rules.for_reviewer(request.user)),
            "pending": questions.filter(state=DeskQuestion.State.PENDING),
            "answered": questions.filter(state=DeskQuestion.State.ANSWERED).order_by(
                "published_at", "-answered_at"
            )[:50],
            "organizer": roles.organizer,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def review_state(request):
    if (refusal := _json_refusal(request)) is not None:
        return refusal
    roles = roles_of(request.user)
    if not (roles.teacher or roles.organizer):
        return JsonResponse(
            {"error": _("Cet espace est réservé aux enseignant·es et à l'organisation.")},
            status=403,
        )
    return JsonResponse({"version": live.version(rules.for_reviewer(request.user))})


@require_POST
def review(request, pk):
    if (login := _signed_in(request)) is not None:
        return login
    _reviewer(request)
    action = request.POST.get("action")
    if action not in ("approve", "hide"):
        messages.error(request, _("Action inconnue."))
        return redirect("desk:review")
    try:
        services.review(question_id=pk, user=request.user, approve=action == "approve")
    except services.DeskError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Question transmise à l'entreprise.")
            if action == "approve"
            else _("Question écartée."),
        )
    return redirect("desk:review")


@require_POST
def publish(request, pk):
    if (login := _signed_in(request)) is not None:
        return login
    published = request.POST.get("published") == "1"
    try:
        services.publish(question_id=pk, user=request.user, published=published)
    except services.DeskError as refusal:
        if refusal.code == "forbidden":
            raise PermissionDenied(refusal.message) from None
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Question publiée dans la FAQ du bâtiment.")
            if published
            else _("Question retirée de la FAQ."),
        )
    return redirect("desk:review")


# --- The host on camera ----------------------------------------------------------------------


def _camera_slot(request, pk):
    """The host's own presence under way, on camera (404 for anyone else's or a stopped one)."""
    company = rules.desk_company(request.user)
    slot = (
        PresenceSlot.objects.select_related("building")
        .filter(pk=pk, host=request.user, building__company=company)
        .first()
    )
    if company is None or slot is None:
        raise Http404(_("Cette présence n'est pas la vôtre."))
    return company, slot


def _camera_questions(company, slot):
    return rules.for_company(company=company).filter(building=slot.building)


def _camera_version(questions, slot):
    return live.version(questions, slots=[("camera", slot.pk, camera.is_on_camera(slot))])


@never_cache  # the page holds short-lived video tokens
@require_http_methods(["GET", "HEAD"])
def camera_page(request, pk):
    """The host on camera: their video, the approved questions to read aloud, "stop"."""
    if (login := _signed_in(request)) is not None:
        return login
    company, slot = _camera_slot(request, pk)
    if not camera.is_on_camera(slot):
        messages.info(request, _("La caméra de l'accueil est arrêtée."))
        return redirect("desk:answer")
    questions = _camera_questions(company, slot).select_related("slot")
    context = {
        "slot": slot,
        "live_version": _camera_version(questions, slot),
        "to_answer": questions.filter(state=DeskQuestion.State.OPEN),
        "answered": questions.filter(state=DeskQuestion.State.ANSWERED).order_by("-answered_at")[
            :10
        ],
        **_camera_video(request, slot, publishing=True),
    }
    return with_janus(render(request, "desk/camera.html", context), request)


@never_cache
@require_http_methods(["GET", "HEAD"])
def camera_state(request, pk):
    if (refusal := _json_refusal(request)) is not None:
        return refusal
    company, slot = _camera_slot(request, pk)
    return JsonResponse({"version": _camera_version(_camera_questions(company, slot), slot)})


@require_POST
def camera_open(request, pk):
    if (login := _signed_in(request)) is not None:
        return login
    try:
        slot = camera.open_camera(user=request.user, slot_id=pk)
    except services.DeskError as refusal:
        messages.error(request, refusal.message)
        return redirect("desk:answer")
    return redirect("desk:camera", pk=slot.pk)


@require_POST
def camera_stop(request, pk):
    if (login := _signed_in(request)) is not None:
        return login
    try:
        camera.stop_camera(user=request.user, slot_id=pk)
    except services.DeskError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Caméra arrêtée. Les questions continuent par écrit."))
    return redirect("desk:answer")
