"""`{% building_quiz building %}`: the building's quiz on its page (the part every visitor sees
alike), and `{% quiz_token %}`: what lets a pupil's answers stamp the passport (drawn per
request, outside the page's shared part)."""

from django import template
from django.middleware.csrf import get_token

from usine.schools.models import SchoolClass

from .. import challenge
from .. import quiz as quizzes
from ..players import pupil_in_session
from ..views.challenge import podium_box

register = template.Library()


@register.inclusion_tag("games/_quiz.html")
def building_quiz(building):
    quiz = quizzes.public_quiz(building=building)
    if quiz is None:
        return {"questions": None}
    return {
        "building": building,
        "questions": quizzes.shown(quiz.published),
        "mistakes": quizzes.allowed_mistakes(len(quiz.published["questions"])),
    }


@register.inclusion_tag("games/_quiz_token.html", takes_context=True)
def quiz_token(context):
    request = context.get("request")
    if request is None or pupil_in_session(request) is None:
        return {}
    return {"token": get_token(request)}


@register.simple_tag
def has_quiz(building) -> bool:
    """`{% has_quiz building as quiz_shown %}`: whether the building page shows a quiz."""
    return quizzes.public_quiz(building=building) is not None


@register.filter
def chosen(answered: dict, number) -> int | None:
    """`{% if answered|chosen:question.number == index %}`: the answer already ticked."""
    value = str(answered.get(f"q{number}", ""))
    return int(value) if value.isdigit() and len(value) < 3 else None


@register.inclusion_tag("games/_town_podium.html", takes_context=True)
def challenge_podium(context, edition, drawn=True):
    """`{% challenge_podium edition %}`: the challenge's first three classes with the switch by
    day and level, kept live by podium.js. `drawn=False` (a page cached for everyone, the 3D
    town's) leaves the standings to the script's first poll."""
    box = {"days": challenge.fair_days(edition=edition), "levels": SchoolClass.Level.choices}
    request = context.get("request")
    if not drawn or request is None:
        return {**box, "rows": None}
    return {**box, **podium_box(request, top=3)}
