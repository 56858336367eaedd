"""The live exchange's video, as a page of its own and as a piece of the room's pages.

`video_context` is what any live page needs to show the video of its room for the viewer's role;
the role pages of the live exchange include templates/live/_video.html with it. When Janus does
not answer, the context says the video is unavailable and the rest of the page works.
"""

import functools
import logging

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from usine.media.models import Video

from .. import access, conf, janus, video
from ..models import LiveRoom

logger = logging.getLogger(__name__)


def messages() -> dict:
    """Drawn once per language and process (every page of a class's pupils shows them); not
    to be changed by the caller."""
    return _messages(get_language())


@functools.lru_cache(maxsize=8)
def _messages(language: str) -> dict:  # `language`: the cache key
    """The texts of the video's states and buttons, for the browser."""
    return {
        "connecting": _("Connexion à la vidéo en direct…"),
        "waiting": _("En attente de la vidéo de l'intervenant·e…"),
        "live": _("Vidéo en direct"),
        "publishing": _("Votre caméra est diffusée."),
        "reconnecting": _("Connexion à la vidéo perdue, nouvelle tentative…"),
        "unavailable": _(
            "La vidéo en direct est indisponible pour le moment. Les questions fonctionnent "
            "toujours."
        ),
        "cameraDenied": _(
            "La caméra ou le micro n'a pas pu être activé : vérifiez les autorisations du "
            "navigateur."
        ),
        "noWebrtc": _("Ce navigateur ne permet pas la vidéo en direct (WebRTC)."),
        "startCamera": _("Activer ma caméra"),
        "stopCamera": _("Couper ma caméra"),
        "unmute": _("Activer le son"),
        "mute": _("Couper le son"),
    }


def with_janus(response, request):
    """The page's script opens Janus's WebSocket: the page's Content-Security-Policy lets it."""
    janus_url = conf.browser_url(host=request.get_host(), secure=request.is_secure())
    response._csp_update = {"connect-src": [janus_url]}
    return response


def video_context(*, request, room_key: str, role: str, display: str = "") -> dict:
    """Template context of the video part of a live page (templates/live/_video.html)."""
    try:
        room = video.ensure_room(room_key=room_key)
        config = video.browser_config(role=role, room=room, display=display)
    except video.JanusError as error:
        logger.warning("live video unavailable for %s: %s", room_key, error)
        return {"video_available": False, "video_messages": messages()}
    config["server"] = conf.browser_url(host=request.get_host(), secure=request.is_secure())
    return {
        "video_available": True,
        "video_config": config,
        "video_messages": messages(),
        "video_can_publish": config["canPublish"],
        "video_publish_on_load": config["publishOnLoad"],
    }


@never_cache  # the page holds short-lived tokens
@require_GET
def room_video(request, pk: int):
    """The video of a live room alone, for whoever may enter the room (404 for anyone else)."""
    room = get_object_or_404(
        LiveRoom.objects.select_related("booking__school_class__teacher", "booking__slot"), pk=pk
    )
    member = access.request_member_or_404(request, room)
    if room.state == LiveRoom.State.ENDED:
        # Asking Janus for the video would open the room again: the room page says it is over.
        return redirect("live:room", pk=room.pk)
    display = ""
    if member.role in video.PUBLISHING_ROLES:
        display = request.user.get_full_name() or request.user.get_username()
    context = video_context(
        request=request, room_key=video.room_key(room), role=member.role, display=display
    )
    return with_janus(
        render(request, "live/video.html", {**context, "room": room, "member": member}), request
    )


def selftest_messages() -> dict:
    return {
        "running": _("test en cours…"),
        "ok": _("fonctionne"),
        "fail": _("ne fonctionne pas"),
        "videoServerDown": _("le serveur vidéo ne répond pas pour le moment"),
        "websocketBlocked": _("le réseau semble bloquer les WebSockets"),
        "noWebrtc": _("ce navigateur ne permet pas WebRTC"),
        "noHls": _("ce navigateur ne lit pas les vidéos HLS"),
        "hlsBlocked": _("les vidéos du salon ne se chargent pas"),
        "allOk": _("Tout fonctionne : cet ordinateur est prêt pour l'échange en direct."),
        "someFailed": _(
            "Un test a échoué : montrez ce résultat au service informatique de l'établissement "
            "(adresses et ports à autoriser) ou écrivez aux organisateurs."
        ),
    }


@login_required
@never_cache
@require_GET
def selftest(request):
    """Checks, before the exchange, that this computer and network reach what the live needs."""
    janus_server = None
    try:
        janus.server_info(server=conf.janus_server())
        janus_server = conf.browser_url(host=request.get_host(), secure=request.is_secure())
    except janus.JanusError as error:
        logger.warning("self-test: Janus unavailable: %s", error)
    config = {
        "janusServer": janus_server,
        "iceServers": conf.ice_servers(),
        "hlsPlaylist": _sample_playlist(),
    }
    return with_janus(
        render(
            request,
            "live/selftest.html",
            {"selftest_config": config, "selftest_messages": selftest_messages()},
        ),
        request,
    )


def _sample_playlist() -> str | None:
    """A playlist of the fair to fetch, if any video is ready."""
    ready = Video.objects.filter(status=Video.Status.READY).exclude(playlist="").first()
    return default_storage.url(ready.playlist) if ready else None
