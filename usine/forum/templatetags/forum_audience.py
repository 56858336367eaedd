"""`{% audience_panel talk %}`: the talk page's questions and live captions
(forum/_questions.html)."""

from django import template
from django.urls import reverse

from usine.live.models import QUESTION_MAX_LENGTH

from ..audience import request_attendee
from ..texts import script_texts

register = template.Library()


@register.inclusion_tag("forum/_audience_panel.html", takes_context=True)
def audience_panel(context, talk):
    request = context["request"]
    attendee = request_attendee(request)
    return {
        "talk": talk,
        "attendee": attendee,
        "question_max_length": QUESTION_MAX_LENGTH,
        "login_url": f"{reverse('login')}?next={talk.get_absolute_url()}",
        "moderation_url": reverse("forum:moderation", kwargs={"slug": talk.slug}),
        "audience_config": {"socket": f"/ws/forum/{talk.pk}/"},
        "audience_texts": script_texts(),
        "ended": talk.state == talk.State.ENDED,
    }
