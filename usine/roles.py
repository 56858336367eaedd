"""What an account is in the fair: exhibitor, teacher, professional, organizer (one or several)."""

from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.urls import reverse

from usine.exhibits.models import Exhibitor
from usine.professionals.models import Professional
from usine.schools.models import Teacher


@dataclass(frozen=True)
class Roles:
    exhibitor: bool = False
    teacher: bool = False
    professional: bool = False
    organizer: bool = False


ROLES_CACHE_KEY = "roles:{user_id}"
ROLES_CACHE_SECONDS = 300


def roles_of(user) -> Roles:
    """Every role of the account; the header shows them on every page, so they are kept in the
    cache (forgotten when an exhibitor, teacher or professional row changes: see forget_roles)."""
    if user is None or not user.is_authenticated:
        return Roles()
    key = ROLES_CACHE_KEY.format(user_id=user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = asdict(_query_roles(user))
        cache.set(key, cached, ROLES_CACHE_SECONDS)
    return Roles(**{**cached, "organizer": user.is_staff})


def teacher_of(user) -> Teacher | None:
    """The account's teacher row (with its user and school), or None. On a cold roles cache
    the account's other roles come in the same query and are remembered: a teacher's first
    page (often a booking when booking opens) then makes one query fewer."""
    teachers = Teacher.objects.select_related("user", "school").filter(user=user)
    key = ROLES_CACHE_KEY.format(user_id=user.pk)
    if cache.get(key) is not None:
        return teachers.first()
    teacher = teachers.annotate(
        is_exhibitor=Exists(Exhibitor.objects.filter(user=OuterRef("user"))),
        is_professional=Exists(Professional.objects.filter(user=OuterRef("user"))),
    ).first()
    if teacher is not None:
        known = Roles(
            exhibitor=teacher.is_exhibitor, teacher=True, professional=teacher.is_professional
        )
        cache.set(key, asdict(known), ROLES_CACHE_SECONDS)
    return teacher


def forget_roles(*, user_id: int) -> None:
    cache.delete(ROLES_CACHE_KEY.format(user_id=user_id))


def _query_roles(user) -> Roles:
    """Every role of the account in one query."""
    flags = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            is_exhibitor=Exists(Exhibitor.objects.filter(user=OuterRef("pk"))),
            is_teacher=Exists(Teacher.objects.filter(user=OuterRef("pk"))),
            is_professional=Exists(Professional.objects.filter(user=OuterRef("pk"))),
        )
        .values("is_exhibitor", "is_teacher", "is_professional")
        .first()
    ) or {}
    return Roles(
        exhibitor=flags.get("is_exhibitor", False),
        teacher=flags.get("is_teacher", False),
        professional=flags.get("is_professional", False),
        organizer=user.is_staff,
    )


def home_url(user) -> str:
    """Where an account lands after signing in: its main page, the town otherwise."""
    roles = roles_of(user)
    if roles.organizer:
        return reverse("professionals:organizer_schedule")
    if roles.teacher:
        return reverse("schools:classes")
    if roles.exhibitor:
        return reverse("exhibits:dashboard")
    if roles.professional:
        return reverse("professionals:assignments")
    return reverse("fair:town")
