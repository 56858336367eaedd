"""The organizers' backstage of a stage: the speaker's studio feed as Janus receives it, what the
stage's packager makes of it, where the talk's feed comes from, and the on-air controls."""

import logging

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from usine.live import conf as live_conf
from usine.live import video
from usine.live.views.video import messages as video_messages
from usine.live.views.video import with_janus
from usine.roles import organizer_required

from . import stream as streams
from . import studio
from .errors import ForumError
from .models import Stage, Talk, TalkStream
from .programme_editing import _edition

logger = logging.getLogger(__name__)


def _shown_talk(stage: Stage) -> Talk | None:
    """The stage's talk on air, else its next one, else its last one."""
    talks = stage.talks.order_by("starts_at", "pk")
    return (
        talks.filter(state=Talk.State.LIVE).first()
        or talks.filter(state=Talk.State.SCHEDULED).first()
        or talks.last()
    )


def _video_context(request, stage: Stage) -> dict:
    """The stage room's feeds, watched (an organizer never publishes here)."""
    try:
        room = studio.ensure_room(stage=stage)
        config = video.browser_config(role=video.Role.ORGANIZER, room=room)
    except video.JanusError as error:
        logger.warning("backstage video unavailable for the stage %s: %s", stage.pk, error)
        return {"video_available": False, "video_messages": video_messages()}
    config["server"] = live_conf.browser_url(host=request.get_host(), secure=request.is_secure())
    return {
        "video_available": True,
        "video_config": config,
        "video_messages": {
            **video_messages(),
            "waiting": _("Aucun·e intervenant·e n'a encore ouvert sa caméra dans le studio."),
        },
        "video_can_publish": False,
    }


def backstage_messages() -> dict:
    """The packager's line; {segments} and {age} are filled in by the page's script."""
    return {
        "packagerReceiving": _("reçoit le direct : {segments} segments, le dernier il y a {age} s"),
        "packagerWaiting": _("à l'écoute, en attente de l'image de l'intervenant·e"),
        "packagerIdle": _("à l'arrêt : l'intervention n'est pas à l'antenne"),
    }


@never_cache  # the page holds short-lived tokens
@require_http_methods(["GET", "HEAD"])
@organizer_required
def backstage(request, slug, pk):
    edition = _edition(slug)
    stage = get_object_or_404(Stage, edition=edition, pk=pk)
    talk = _shown_talk(stage)
    talk_stream = streams.stream_for(talk=talk) if talk else None
    context = {
        "edition": edition,
        "stage": stage,
        "talk": talk,
        "talk_stream": talk_stream,
        "sources": TalkStream.Source,
        "encoder": (
            streams.encoder_settings(talk=talk)
            if talk_stream and talk_stream.source == TalkStream.Source.ENCODER
            else None
        ),
        "studio_messages": backstage_messages(),
        "other_talks": stage.talks.exclude(pk=talk.pk if talk else None).order_by("starts_at"),
        **_video_context(request, stage),
    }
    return with_janus(render(request, "forum/organizer/backstage.html", context), request)


@require_POST
@organizer_required
def talk_source(request, slug, pk):
    """Where the talk's feed comes from: the browser studio or an encoder over SRT."""
    edition = _edition(slug)
    talk = get_object_or_404(Talk.objects.select_related("stage"), edition=edition, pk=pk)
    try:
        talk_stream = studio.set_source(talk=talk, source=request.POST.get("source", ""))
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("« %(title)s » arrive désormais par : %(source)s.")
            % {"title": talk.title, "source": talk_stream.get_source_display()},
        )
    return redirect("forum:organizer_backstage", slug=edition.slug, pk=talk.stage_id)
