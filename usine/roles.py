"""What an account is in the fair — exhibitor, teacher, professional, Forum speaker, organizer
(one or several) —
and the decorators that keep each role's pages to it."""

import functools
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from usine import versions
from usine.exhibits.models import Exhibitor
from usine.forum.models import Speaker
from usine.organizers import in_organizers_group
from usine.professionals.models import Professional
from usine.professionals.queries import profile_for
from usine.schools.errors import NotYours
from usine.schools.models import Teacher


@dataclass(frozen=True)
class Roles:
    exhibitor: bool = False
    teacher: bool = False
    professional: bool = False
    organizer: bool = False
    speaker: bool = False  # a Forum speaker: the header leads to their studio


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
    return Roles(**{**cached, "organizer": user.is_staff or cached["organizer"]})


def is_organizer(user) -> bool:
    """Whether the account runs the fair (usine/organizers.py), from its cached roles."""
    return roles_of(user).organizer


# The account's teacher row with its school, kept under a version per account that a change to
# the row or its school renews (usine/signals.py): every page of a teacher reads it.
TEACHER_CACHE_KEY = "teacher:{user_id}"
TEACHER_VERSION_KEY = "teacher:version:{user_id}"
TEACHER_CACHE_SECONDS = 3600


def _teacher_version(user_id) -> str:
    return versions.current(TEACHER_VERSION_KEY.format(user_id=user_id), TEACHER_CACHE_SECONDS)


def forget_teachers(*, user_ids) -> None:
    """These accounts' teacher rows or their schools changed: read again at their next page."""
    versions.renew(
        [TEACHER_VERSION_KEY.format(user_id=pk) for pk in user_ids], TEACHER_CACHE_SECONDS
    )


def teacher_of(user) -> Teacher | None:
    """The account's teacher row (with its user and school), or None; from the cache while
    neither changed. On a cold roles cache the account's other roles come in the same query and
    are remembered: a teacher's first page (often a booking when booking opens) then makes one
    query fewer."""
    roles_key = ROLES_CACHE_KEY.format(user_id=user.pk)
    teacher_key = TEACHER_CACHE_KEY.format(user_id=user.pk)
    version_key = TEACHER_VERSION_KEY.format(user_id=user.pk)
    # The version is read before the row: a change committed meanwhile renews it.
    found = cache.get_many([roles_key, teacher_key, version_key])
    version = found.get(version_key) or _teacher_version(user.pk)
    cached = found.get(teacher_key)
    if cached is not None and cached[0] == version:
        return _with_user(cached[1], user)
    teacher = _read_teacher(user, roles_known=found.get(roles_key) is not None)
    # Kept without the account (its password's hash stays out of the cache).
    cache.set(teacher_key, (version, teacher), TEACHER_CACHE_SECONDS)
    return _with_user(teacher, user)


def _read_teacher(user, *, roles_known: bool) -> Teacher | None:
    # The account is the request's, already read: not joined again.
    teachers = Teacher.objects.select_related("school").filter(user=user)
    if roles_known:
        return teachers.first()
    teacher = teachers.annotate(
        is_exhibitor=Exists(Exhibitor.objects.filter(user=OuterRef("user"))),
        is_professional=Exists(Professional.objects.filter(user=OuterRef("user"))),
        in_organizers=in_organizers_group("user"),
        is_speaker=Exists(Speaker.objects.filter(user=OuterRef("user"))),
    ).first()
    if teacher is not None:
        known = Roles(
            exhibitor=teacher.is_exhibitor,
            teacher=True,
            professional=teacher.is_professional,
            organizer=teacher.in_organizers,
            speaker=teacher.is_speaker,
        )
        cache.set(ROLES_CACHE_KEY.format(user_id=user.pk), asdict(known), ROLES_CACHE_SECONDS)
    return teacher


def _with_user(teacher: Teacher | None, user) -> Teacher | None:
    if teacher is not None:
        teacher.user = user
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
            in_organizers=in_organizers_group("pk"),
            is_speaker=Exists(Speaker.objects.filter(user=OuterRef("pk"))),
        )
        .values("is_exhibitor", "is_teacher", "is_professional", "in_organizers", "is_speaker")
        .first()
    ) or {}
    return Roles(
        exhibitor=flags.get("is_exhibitor", False),
        teacher=flags.get("is_teacher", False),
        professional=flags.get("is_professional", False),
        organizer=user.is_staff or flags.get("in_organizers", False),
        speaker=flags.get("is_speaker", False),
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
    if roles.speaker:
        return reverse("forum:my_talks")
    return reverse("town:town")


# --- Pages kept to a role -------------------------------------------------------------------------
# Anonymous visitors go to the login page. A signed-in account without the role gets a 403, or a
# 404 for teachers' pages: like anyone else's class, they do not say they exist.


def _signed_in(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def teacher_required(view):
    """Teachers only; the view finds the teacher in `request.teacher`. A class that is not the
    teacher's (NotYours) is a 404 too."""

    @_signed_in
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.teacher = teacher_of(request.user)
        if request.teacher is None:
            raise Http404(_("Cette page est réservée aux enseignant·es."))
        try:
            return view(request, *args, **kwargs)
        except NotYours as error:
            raise Http404(str(error.message)) from None

    return wrapper


def exhibitor_required(view):
    """Exhibitors only; the view gets the exhibitor's company after the request."""

    @_signed_in
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        exhibitor = Exhibitor.objects.filter(user=request.user).select_related("company").first()
        if exhibitor is None:
            raise PermissionDenied(_("Cet espace est réservé aux exposants."))
        return view(request, exhibitor.company, *args, **kwargs)

    return wrapper


def professional_required(view):
    """Professionals invited to the open edition; the view gets their profile."""

    @_signed_in
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        professional = profile_for(user=request.user)
        if professional is None:
            raise PermissionDenied(_("Cet espace est réservé aux professionnel·les invité·es."))
        return view(request, professional, *args, **kwargs)

    return wrapper


def organizer_required(view):
    """The fair's organizers (staff accounts and the organizers' group)."""

    @_signed_in
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_organizer(request.user):
            raise PermissionDenied(_("Cet espace est réservé à l'organisation du salon."))
        return view(request, *args, **kwargs)

    return wrapper
