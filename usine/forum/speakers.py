"""The speakers' pages: opening their account from the invitation, their talks, each talk's
studio (camera, microphone and screen published into the stage's Janus room: studio.py)."""

import logging
import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from usine.live import conf as live_conf
from usine.live.views.video import messages as video_messages
from usine.live.views.video import with_janus
from usine.organizers import is_organizer

from . import services
from . import studio as stage_studio
from .errors import ForumError
from .models import Talk

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "HEAD", "POST"])
def welcome(request, uidb64, token):
    try:
        user = services.invited_user(uidb64=uidb64, token=token)
    except ForumError as error:
        return render(
            request, "forum/speaker/welcome_invalid.html", {"message": error.message}, status=400
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Votre compte est ouvert."))
        return redirect("forum:my_talks")
    return render(request, "forum/speaker/welcome.html", {"form": form, "user_email": user.email})


def _speaker_talks(user):
    return (
        Talk.objects.filter(speaker_links__speaker__user=user)
        .select_related("stage", "edition")
        .order_by("starts_at")
        .distinct()
    )


@require_http_methods(["GET", "HEAD"])
def my_talks(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    talks = list(_speaker_talks(request.user))
    if not talks and not is_organizer(request.user):
        raise Http404(_("Aucune intervention au Forum n'est à votre nom."))
    return render(request, "forum/speaker/talks.html", {"talks": talks})


def _studio_talk(request, slug, pk) -> Talk:
    """The talk of a studio: for its speakers and the organizers only (404 for anyone else)."""
    talks = Talk.objects.select_related("stage", "edition")
    if not is_organizer(request.user):
        talks = _speaker_talks(request.user)
    return get_object_or_404(talks, edition__slug=slug, pk=pk)


def studio_messages() -> dict:
    return {
        **video_messages(),
        "off": _("Caméra coupée : personne ne vous voit."),
        "backstage": _(
            "En coulisses : l'équipe du salon vous voit et vous entend, le public pas encore."
        ),
        "onAir": _("Vous êtes à l'antenne : le public vous voit et vous entend."),
        "ended": _("L'intervention est terminée : le public ne vous voit plus."),
        "startCamera": _("Activer ma caméra et mon micro"),
        "stopCamera": _("Couper ma caméra et mon micro"),
        "shareScreen": _("Partager mon écran"),
        "stopScreen": _("Arrêter le partage d'écran"),
        "screenDenied": _("Le partage d'écran n'a pas pu démarrer."),
    }


@never_cache  # the page holds short-lived tokens
@require_http_methods(["GET", "HEAD"])
def studio(request, slug, pk):
    """A talk's studio: its speakers publish their camera there; organizers see it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    talk = _studio_talk(request, slug, pk)
    config = None
    try:
        config = stage_studio.browser_config(talk=talk, user=request.user)
        config["server"] = live_conf.browser_url(
            host=request.get_host(), secure=request.is_secure()
        )
        config["stateUrl"] = reverse("forum:studio_state", args=[talk.edition.slug, talk.pk])
    except stage_studio.JanusError as error:
        logger.warning("studio unavailable for the talk %s: %s", talk.pk, error)
    context = {"talk": talk, "studio_config": config, "studio_messages": studio_messages()}
    return with_janus(render(request, "forum/speaker/studio.html", context), request)


@never_cache
@require_GET
def studio_state(request, slug, pk):
    """The talk's state and what its stage's packager receives, polled by the studio and the
    backstage every few seconds."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Connectez-vous.")}, status=403)
    talk = _studio_talk(request, slug, pk)
    packager = stage_studio.packager_state(talk=talk, now=time.time())
    age = packager.last_segment_age_s
    return JsonResponse(
        {
            "state": talk.state,
            "stateLabel": talk.get_state_display(),
            "receiving": packager.receiving,
            "segments": packager.segments,
            "lastSegmentAge": round(age, 1) if age is not None else None,
        }
    )
