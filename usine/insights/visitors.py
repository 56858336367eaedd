"""Who a visitor is, in the few words the figures need: a kind, and for pupils their class's
level, school type and département. Nothing that names or follows a person."""

import hashlib
import secrets

from django.db import IntegrityError
from django.utils import timezone

from usine.roles import roles_of
from usine.schools import join
from usine.schools.models import SchoolClass

from .models import DailySalt, Device, SchoolType, VisitorKind

SCHOOL_TYPES = {
    "6e": SchoolType.COLLEGE,
    "5e": SchoolType.COLLEGE,
    "4e": SchoolType.COLLEGE,
    "3e": SchoolType.COLLEGE,
    "2nde": SchoolType.LYCEE,
    "1re": SchoolType.LYCEE,
    "tle": SchoolType.LYCEE,
    "cap": SchoolType.LYCEE_PRO,
    "bac_pro": SchoolType.LYCEE_PRO,
    "bts": SchoolType.HIGHER,
    "but": SchoolType.HIGHER,
}

# Corsica's UAI begin with 620 (2A) and 720 (2B); overseas with 97x.
_CORSICA = {"620": "2A", "720": "2B"}


def departement_of(uai: str) -> str:
    """The département of a school from its UAI's first three digits ("0750654D" → "75")."""
    prefix = (uai or "")[:3]
    if len(prefix) < 3 or not prefix.isdigit():
        return ""
    if prefix in _CORSICA:
        return _CORSICA[prefix]
    return prefix[1:] if prefix.startswith("0") else prefix


def school_type_of(level: str) -> str:
    return SCHOOL_TYPES.get(level, SchoolType.OTHER if level else SchoolType.NONE)


def class_facts(school_class: SchoolClass) -> dict:
    return {
        "level": school_class.level,
        "school_type": school_type_of(school_class.level),
        "departement": departement_of(school_class.teacher.school.uai),
    }


def device_of(width) -> str:
    """A device class from the page's width in CSS pixels, as the page reports it."""
    if isinstance(width, bool) or not isinstance(width, int | float) or width <= 0:
        return Device.UNKNOWN
    if width < 600:
        return Device.PHONE
    if width < 1024:
        return Device.TABLET
    return Device.COMPUTER


def device_of_browser(user_agent: str, mobile_hint: str = "") -> str:
    """A device class from the browser's own words, for pages counted by the server (it does
    not know their width): its mobile client hint, else "Mobi" for phones as MDN advises, and
    the words tablets use. An iPad that asks for desktop pages (the default) says "Macintosh":
    it counts as a computer."""
    if mobile_hint == "?1":
        return Device.PHONE
    if not user_agent:
        return Device.UNKNOWN
    if "iPad" in user_agent or "Tablet" in user_agent:
        return Device.TABLET
    if "Mobi" in user_agent or "iPhone" in user_agent:
        return Device.PHONE
    if "Android" in user_agent:
        return Device.TABLET  # Android without "Mobile" is a tablet's browser
    return Device.COMPUTER


def describe(request=None, *, pupil=None) -> tuple[dict, str]:
    """The visitor's facts and the raw material of their day hash (never stored as it is)."""
    if pupil is None and request is not None:
        claim = join.request_claim(request)
        pupil = claim.pupil if claim is not None else None
    if pupil is not None:
        facts = {"visitor_kind": VisitorKind.PUPIL, **class_facts(pupil.school_class)}
        return facts, f"pupil:{pupil.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        roles = roles_of(user)
        kind = (
            VisitorKind.ORGANIZER
            if roles.organizer
            else VisitorKind.EXHIBITOR
            if roles.exhibitor
            else VisitorKind.TEACHER
            if roles.teacher
            else VisitorKind.PROFESSIONAL
            if roles.professional
            else VisitorKind.PUBLIC
        )
        return {"visitor_kind": kind}, f"user:{user.pk}"
    if request is None:
        return {"visitor_kind": VisitorKind.PUBLIC}, ""
    # As privacy-friendly web analytics do: the address and browser, mixed with the day's
    # salt, only ever stored as that hash.
    meta = request.META
    material = "|".join(
        (
            "anonymous",
            meta.get("REMOTE_ADDR", ""),
            meta.get("HTTP_USER_AGENT", "")[:300],
            meta.get("HTTP_ACCEPT_LANGUAGE", "")[:60],
        )
    )
    return {"visitor_kind": VisitorKind.PUBLIC}, material


_salts: dict = {}


def day_salt(day) -> str:
    """The day's salt, the same in every process (stored), forgotten once the day is over."""
    salt = _salts.get(day)
    if salt is None:
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                row = DailySalt.objects.create(day=day, salt=secrets.token_hex(32))
            except IntegrityError:  # another process made it a moment ago
                row = DailySalt.objects.get(day=day)
        _salts.clear()
        salt = _salts[day] = row.salt
    return salt


def salt_known(at) -> bool:
    """Whether this process holds the salt of `at`'s day (hashing needs no query then)."""
    return timezone.localdate(at) in _salts


def forget() -> None:
    _salts.clear()


def day_hash(material: str, *, at=None) -> str:
    if not material:
        return ""
    day = timezone.localdate(at or timezone.now())
    digest = hashlib.blake2b(material.encode(), key=day_salt(day).encode()[:64], digest_size=8)
    return digest.hexdigest()
