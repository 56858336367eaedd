"""`{% talk_player talk %}`: the talk's live player or replay (forum/_player.html)."""

from django import template

from .. import stream

register = template.Library()


@register.inclusion_tag("forum/_player_body.html")
def talk_player(talk, editing=False):
    """`editing`: the caption editor's player (the replay before its captions are public)."""
    return {"talk": talk, "editing": editing, **stream.player(talk=talk, editing=editing)}


@register.filter
def stream_time(seconds) -> str:
    """A time on the replay: 4:05, or 1:02:05 past the hour."""
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"
