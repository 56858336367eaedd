"""The organizers' pages of a talk's audience — moderation, live captioning, the caption editor
— and the talk's WebVTT captions. Thin: they find the talk, check who asks, call `captions`."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usine.inputs import BadInput, json_error, json_object
from usine.roles import organizer_required

from . import captions, speech
from .audience import request_attendee
from .models import CAPTION_MAX_LENGTH, Talk
from .texts import script_texts


def _talk(slug) -> Talk:
    """The talk of that slug, in the latest edition that has one (organizers prepare the next
    edition's programme while the current one runs)."""
    talk = Talk.objects.filter(slug=slug).order_by("-edition_id").first()
    if talk is None:
        raise Http404(slug)
    return talk


def _socket_context(talk: Talk) -> dict:
    return {
        "talk": talk,
        "audience_config": {"socket": f"/ws/forum/{talk.pk}/"},
        "audience_texts": script_texts(),
    }


@organizer_required
@require_GET
def moderation(request, slug):
    return render(request, "forum/moderation.html", _socket_context(_talk(slug)))


@organizer_required
@require_GET
def captioner(request, slug):
    context = {**_socket_context(_talk(slug)), "caption_max_length": CAPTION_MAX_LENGTH}
    return render(request, "forum/captioner.html", context)


@organizer_required
@require_http_methods(["GET", "POST"])
def caption_editor(request, slug):
    talk = _talk(slug)
    if request.method == "POST":
        return _save_cues(request, talk)
    cues = talk.caption_cues.order_by("start_s", "pk").values_list("start_s", "end_s", "text")
    engine = speech.engine()
    return render(
        request,
        "forum/caption_editor.html",
        {
            "talk": talk,
            "published": captions.is_published(talk),
            "speech_engine": engine.name if engine is not None else "",
            "editor_config": {
                "cues": [{"start": s, "end": e, "text": t} for s, e, t in cues],
                "save_url": reverse("forum:caption_editor", kwargs={"slug": talk.slug}),
                "csrf": get_token(request),
                "max_length": CAPTION_MAX_LENGTH,
            },
            "audience_texts": script_texts(),
        },
    )


def _save_cues(request, talk: Talk):
    try:
        data = json_object(request)
    except BadInput as bad:
        return json_error(bad.message, status=bad.status)
    rows = data.get("cues")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return json_error(_('On attend {"cues": [{"start", "end", "text"}, …]}.'))
    cues = [(row.get("start"), row.get("end"), row.get("text")) for row in rows]
    try:
        saved = captions.save_cues(talk=talk, attendee=request_attendee(request), cues=cues)
    except captions.CaptionError as refused:
        return json_error(refused.message)
    return JsonResponse({"saved": saved})


@organizer_required
@require_POST
def caption_publish(request, slug):
    talk = _talk(slug)
    attendee = request_attendee(request)
    try:
        if request.POST.get("action") == "unpublish":
            captions.unpublish(talk=talk, attendee=attendee)
            messages.success(request, _("Sous-titres dépubliés : la rediffusion est cachée."))
        else:
            captions.publish(talk=talk, attendee=attendee)
            messages.success(request, _("Sous-titres publiés : la rediffusion est visible."))
    except captions.CaptionError as refused:
        messages.error(request, refused.message)
    return redirect("forum:caption_editor", slug=talk.slug)


@require_GET
def captions_vtt(request, slug):
    """The talk's captions as WebVTT: public once published, to organizers always."""
    talk = _talk(slug)
    if not captions.is_published(talk) and not request_attendee(request).is_organizer:
        raise Http404(slug)
    response = HttpResponse(captions.webvtt_text(talk=talk), content_type="text/vtt; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{talk.slug}.vtt"'
    return response
