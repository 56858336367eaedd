"""`{% class_session_bar %}`: the pupil's session bar (time left, passport) on the town's pages.

Renders nothing unless this browser holds a pupil's seat in a class whose session is on. It only
reads: the live exchange's room is opened by the page the bar links to."""

import math

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse

from .. import join, passport, session_clock, wording

register = template.Library()


@register.inclusion_tag("schools/_session_bar.html", takes_context=True)
def class_session_bar(context, building=None):
    request = context.get("request")
    claim = join.request_claim(request) if request is not None else None
    if claim is None:
        return {"bar": None}
    booking = join.booking_in(claim)
    if booking is None:
        return {"bar": None}
    clock = session_clock.clock_for(slot=booking.slot)
    if clock.phase in (session_clock.BEFORE, session_clock.OVER):
        return {"bar": None}
    # What the page says before its script runs (or without JavaScript): the time left at the
    # moment it was drawn, and the way into the live exchange once the hour is over.
    before = clock.phase == session_clock.WAITING
    seconds = (clock.starts_at - clock.now).total_seconds() if before else clock.seconds_to_move
    seconds = max(math.ceil(seconds), 0)
    return {
        "bar": {
            "pupil": claim.pupil,
            "clock": clock.as_json(),
            "before": before,
            "time_left": f"{seconds // 60:02d}:{seconds % 60:02d}",
            "seconds_to_move": max(math.ceil(clock.seconds_to_move), 0),
            "live_now": clock.phase == session_clock.LIVE,
            "live_url": reverse("live:class_exchange"),
            "ws_url": f"/ws/classe/{booking.pk}/",
            "building": building.slug if building is not None else "",
            "passport": passport.shown_passport(pupil=claim.pupil),
            "goal_buildings": passport.GOAL_BUILDINGS,
            "goal_sectors": passport.GOAL_SECTORS,
            "gathered": bool(request.GET.get("rassemblement")),
            "welcome": bool(request.GET.get("bienvenue")),
        },
        # The page's own token when it has one (Django passes it to the bar and masks it once
        # per page); made here for a page drawn without the CSRF context processor.
        **({} if context.get("csrf_token") is not None else {"csrf_token": get_token(request)}),
        "words": wording.for_class(claim.pupil.school_class),
    }


@register.filter
def calls_teacher(timeline, now) -> bool:
    """`{% if slot.timeline|calls_teacher:now %}`: the way into the live exchange is shown."""
    return timeline.calls_the_teacher(now)
