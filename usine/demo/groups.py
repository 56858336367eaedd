"""The demo's counsellor and group of job seekers (data/groups.toml): the same code, pseudonyms,
session and live exchange as a class, under an organisation without a UAI."""

import datetime
import tomllib

from django.contrib.auth import get_user_model
from django.utils import timezone

from usine.fair.models import Edition
from usine.schools import booking as bookings
from usine.schools import services as schools
from usine.schools.models import School, SchoolClass, Teacher

from . import content
from .people import slot_ahead, usual_slots
from .trades import catalogue_trade


def _data() -> dict:
    try:
        with (content.DATA / "groups.toml").open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise content.DemoDataError(f"groups.toml: {exc}") from exc


def usernames() -> list[str]:
    return [_data()["counsellor"]["username"]]


def create_groups(*, edition: Edition, password: str, now: datetime.datetime) -> list[SchoolClass]:
    """The counsellor, the organisation and its groups, booked (in the caller's transaction;
    the edition's slots must exist)."""
    data = _data()
    spec = data["counsellor"]
    organisation = School.objects.create(
        kind=School.Kind.EMPLOYMENT, uai=None, name=spec["organisation"], town=spec["town"]
    )
    user = get_user_model().objects.create_user(
        username=spec["username"],
        password=password,
        first_name=spec["first_name"],
        last_name=spec["last_name"],
    )
    counsellor = Teacher.objects.create(
        user=user, school=organisation, email_confirmed_at=timezone.now()
    )
    slots = usual_slots(edition=edition)
    groups = []
    for group in data["groups"]:
        school_class = schools.create_class(
            teacher=counsellor,
            edition=edition,
            name=group["name"],
            level=group["level"],
            pupil_count=group["pupil_count"],
            wanted_trades=[catalogue_trade(name) for name in group["wanted_trades"]],
        )
        slot = slot_ahead(slots, group["slot"], now=now)
        bookings.book(
            teacher=counsellor,
            class_id=school_class.pk,
            slot_id=slot.pk,
            now=slot.starts_at - datetime.timedelta(days=30),
        )
        groups.append(school_class)
    return groups
