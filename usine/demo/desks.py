"""The demo's desks: presences at some buildings (one or two under way at load time on a fair
day, one of them on camera) and a few answered questions published in their FAQ
(data/desks.toml)."""

import datetime
import tomllib

from django.contrib.auth import get_user_model
from django.utils import timezone

from usine.desk import camera
from usine.desk.models import DeskQuestion
from usine.exhibits import presence
from usine.exhibits.models import Company
from usine.exhibits.services import ExhibitError
from usine.fair.models import Building, Edition

from . import content
from .slots import running_start

HERE_NOW_LENGTH = datetime.timedelta(hours=3)


def _data() -> dict:
    try:
        with (content.DATA / "desks.toml").open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise content.DemoDataError(f"desks.toml: {exc}") from exc


def create_desks(*, edition: Edition, now: datetime.datetime) -> tuple[int, int]:
    """(presences, FAQ entries) created, in the caller's transaction; the sites, the demo
    exhibitor and the professionals must exist."""
    data = _data()
    users = get_user_model().objects
    exhibitor = users.get(username=content.edition().exhibitor.username)
    zone = timezone.get_default_timezone()
    created = 0
    for spec in data.get("presences", []):
        building = Building.objects.get(edition=edition, slug=spec["site"])
        host = exhibitor if spec["host"] == "exhibitor" else users.get(username=spec["host"])
        if spec.get("here_now"):
            starts_at = running_start(now)
            ends_at = starts_at + HERE_NOW_LENGTH
            if timezone.localdate(ends_at) != timezone.localdate(starts_at):
                continue  # late in the evening: nobody stays at the desk past midnight
        else:
            day = edition.starts_on + datetime.timedelta(days=spec["day"])
            starts_at = datetime.datetime.combine(
                day, datetime.time.fromisoformat(spec["starts"]), zone
            )
            ends_at = datetime.datetime.combine(
                day, datetime.time.fromisoformat(spec["ends"]), zone
            )
        try:
            slot = presence.add_slot(
                company=Company.objects.get(slug=spec["site"]),
                building=building,
                host_id=host.pk,
                host_label=spec["label"],
                starts_at=starts_at,
                ends_at=ends_at,
            )
        except ExhibitError:
            continue  # not a fair day, or over a presence of the same person
        if spec.get("on_camera") and spec.get("here_now"):
            camera.mark_on_camera(slot=slot, now=now)
        created += 1
    entries = data.get("faq", [])
    for number, spec in enumerate(entries):
        at = now - datetime.timedelta(hours=len(entries) - number)
        DeskQuestion.objects.create(
            building=Building.objects.get(edition=edition, slug=spec["site"]),
            asker=DeskQuestion.Asker.VISITOR,
            text=spec["question"],
            state=DeskQuestion.State.ANSWERED,
            answer=spec["answer"],
            answered_as=spec["answered_as"],
            answered_at=at,
            published_at=at,
        )
    return created, len(entries)
