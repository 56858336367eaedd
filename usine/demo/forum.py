"""The demo edition's Forum (data/forum.toml): its stages, speakers with drawn portraits, and a
day of talks.

The Forum's day is the fair's last day; loaded on one of the fair's days, it is that day, moved
so that the talk marked `live` began a quarter of an hour before the load (on air now), the talks
before it are over and the others still ahead. The live feed and the replays are the stream
part's (it finds the live and ended talks of the demo edition). A speaker with an `account` can
sign in (the demo password) and open her talks' studio.
"""

import datetime
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from usine.fair.models import Edition
from usine.forum import studio
from usine.forum.models import Speaker, Stage, Talk, TalkSpeaker, TalkStream

from .clips import FONT
from .content import DATA, DemoDataError
from .images import _rgb
from .slots import running_start

FIRST_TALK = datetime.time(9, 30)
PORTRAIT_SIDE = 320


@dataclass(frozen=True)
class DemoForum:
    talks: int
    live: Talk | None
    ended: int
    speaker_username: str = ""


def _data() -> dict:
    try:
        with (DATA / "forum.toml").open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoDataError(f"forum.toml: {exc}") from exc


def programme_talks() -> list[dict]:
    """The talks of data/forum.toml, in programme order."""
    return _data()["talks"]


def usernames() -> list[str]:
    """The demo speakers' accounts."""
    return [table["account"] for table in _data()["speakers"] if "account" in table]


def day_start(*, edition: Edition, now: datetime.datetime, live_at: int) -> datetime.datetime:
    """When the day's first talk starts (see the module's docstring)."""
    zone = timezone.get_default_timezone()
    today = now.astimezone(zone).date()
    if edition.starts_on <= today <= edition.ends_on:
        return running_start(now) - datetime.timedelta(minutes=live_at)
    return datetime.datetime.combine(edition.ends_on, FIRST_TALK, tzinfo=zone)


def portrait(*, name: str, colour: str) -> bytes:
    """A drawn portrait: a silhouette on the speaker's colour, with their initials."""
    base = _rgb(colour)
    side = PORTRAIT_SIDE
    image = Image.new("RGB", (side, side), base)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in base)
    draw.ellipse([side * 0.32, side * 0.16, side * 0.68, side * 0.52], fill=light)
    draw.ellipse([side * 0.14, side * 0.58, side * 0.86, side * 1.3], fill=light)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.truetype(str(FONT), 44) if Path(FONT).exists() else ImageFont.load_default()
    draw.text((side * 0.5, side * 0.34), initials, fill=base, font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def create_forum(
    *, edition: Edition, now: datetime.datetime, files: list[FieldFile], password: str = ""
) -> DemoForum:
    """The Forum of the demo edition, in the caller's transaction; the portraits written are
    added to `files` (removed again by the caller if the load fails)."""
    data = _data()
    stages = {
        table["slug"]: Stage.objects.create(
            edition=edition, slug=table["slug"], name=table["name"], order=order
        )
        for order, table in enumerate(data["stages"])
    }
    speakers, speaker_username = {}, ""
    for table in data["speakers"]:
        user = None
        if table.get("account") and password:
            first, _space, last = table["name"].partition(" ")
            user = get_user_model().objects.create_user(
                username=table["account"], password=password, first_name=first, last_name=last
            )
            speaker_username = user.username
        speaker = Speaker(
            edition=edition,
            user=user,
            name=table["name"],
            role=table["role"],
            company=table.get("company", ""),
            photo_alt=f"Portrait dessiné de {table['name']}, ses initiales sur fond de couleur.",
        )
        speaker.photo.save(
            "portrait.jpg",
            ContentFile(portrait(name=table["name"], colour=table["colour"])),
            save=False,
        )
        files.append(speaker.photo)
        speaker.save()
        speakers[table["key"]] = speaker
    live_at = next((t["at"] for t in data["talks"] if t.get("live")), 0)
    start = day_start(edition=edition, now=now, live_at=live_at)
    fair_day = edition.starts_on <= now.astimezone(start.tzinfo).date() <= edition.ends_on
    live, ended = None, 0
    for table in data["talks"]:
        starts_at = start + datetime.timedelta(minutes=table["at"])
        ends_at = starts_at + datetime.timedelta(minutes=table["minutes"])
        state = Talk.State.SCHEDULED
        if fair_day and table.get("live"):
            state = Talk.State.LIVE
        elif ends_at <= now:
            state, ended = Talk.State.ENDED, ended + 1
        talk = Talk.objects.create(
            edition=edition,
            stage=stages[table["stage"]],
            slug=table["slug"],
            title=table["title"],
            abstract=table.get("abstract", ""),
            kind=table["kind"],
            starts_at=starts_at,
            ends_at=ends_at,
            state=state,
        )
        if state == Talk.State.LIVE:
            live = talk
        for position, key in enumerate(table["speakers"]):
            name, _sep, part = key.partition(":")
            TalkSpeaker.objects.create(
                talk=talk, speaker=speakers[name], position=position, part=part or "speaker"
            )
        if state == Talk.State.LIVE and len(table["speakers"]) > 1:
            # A round table on air comes from the studio: each speaker's card in the stage's
            # room, composed by the packager (forum_feed.py).
            studio.set_source(talk=talk, source=TalkStream.Source.STUDIO)
    return DemoForum(
        talks=len(data["talks"]), live=live, ended=ended, speaker_username=speaker_username
    )
