"""`{% talk_player talk %}`: the talk's live player or replay (forum/_player.html)."""

from django import template

from .. import stream

register = template.Library()


@register.inclusion_tag("forum/_player_body.html")
def talk_player(talk, editing=False):
    """`editing`: the caption editor's player (the replay before its captions are public)."""
    return {"talk": talk, "editing": editing, **stream.player(talk=talk, editing=editing)}
