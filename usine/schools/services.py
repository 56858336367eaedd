"""Teachers, classes, class codes and pupils' pseudonyms.

Booking lives in booking.py, the CSV import in csv_import.py, the retention rule in retention.py.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from usine.fair import queries
from usine.fair.models import Edition
from usine.site import absolute_url

from . import codes, pseudonyms
from .errors import (
    ClassFull,
    InvalidConfirmation,
    LastPupil,
    NoOpenEdition,
    NotYours,
    TooManyWishes,
)
from .models import MAX_PUPILS, MAX_WISHES, Pupil, School, SchoolClass, Teacher
from .uai import normalise_uai

# --- the edition classes register for -------------------------------------------------------------


def open_edition() -> Edition:
    """The open edition, which classes register for; NoOpenEdition between editions."""
    edition = queries.open_edition()
    if edition is None:
        raise NoOpenEdition()
    return edition


# --- teachers -----------------------------------------------------------------------------------


def register_teacher(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    uai: str | None,
    school_name: str,
    school_town: str,
    kind: str = School.Kind.SCHOOL,
) -> Teacher | None:
    """Creates an inactive account attached to its school and sends the confirmation link.

    The school is found by its UAI; a teacher never renames a school others already use. A
    counsellor's organisation (`kind` employment) has no UAI: it is found by its name and town,
    so that the counsellors of one agency share it. An
    address that already has an account gets an e-mail instead (a new confirmation link if it
    was never confirmed, else how to sign in or reset the password), and None is returned: the
    page says the same thing either way, so it tells nobody which addresses are registered."""
    email = email.strip().lower()
    users = get_user_model().objects
    existing = users.filter(Q(email__iexact=email) | Q(username=email)).first()
    if existing is not None:
        transaction.on_commit(lambda: _send_already_registered(user=existing))
        return None
    with transaction.atomic():
        if kind == School.Kind.EMPLOYMENT:
            school = School.objects.filter(
                kind=kind, name__iexact=school_name.strip(), town__iexact=school_town.strip()
            ).first() or School.objects.create(
                kind=kind, uai=None, name=school_name.strip(), town=school_town.strip()
            )
        else:
            school, _created = School.objects.get_or_create(
                uai=normalise_uai(uai),
                defaults={"name": school_name.strip(), "town": school_town.strip()},
            )
        user = get_user_model().objects.create_user(
            username=email,
            email=email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_active=False,
        )
        teacher = Teacher.objects.create(user=user, school=school)
        link = absolute_url(confirmation_path(user))
        transaction.on_commit(lambda: _send_confirmation(user=user, link=link))
    return teacher


def confirmation_path(user) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("schools:confirm", kwargs={"uidb64": uidb64, "token": token})


def _send_confirmation(*, user, link: str) -> None:
    body = render_to_string("schools/email/confirm.txt", {"user": user, "link": link})
    send_mail(
        _("Usine : confirmez votre adresse e-mail"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def _send_already_registered(*, user) -> None:
    if not user.is_active and Teacher.objects.filter(user=user).exists():
        _send_confirmation(user=user, link=absolute_url(confirmation_path(user)))
        return
    body = render_to_string(
        "schools/email/already_registered.txt",
        {
            "user": user,
            "login": absolute_url(reverse("login")),
            "reset": absolute_url(reverse("password_reset")),
        },
    )
    send_mail(
        _("Usine : vous avez déjà un compte"), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )


def confirm_email(*, uidb64: str, token: str, now=None) -> Teacher:
    """Activates the account the link was made for; the token is the one Django uses for
    password resets (it expires after PASSWORD_RESET_TIMEOUT and stops working at first login)."""
    now = now or timezone.now()
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        teacher = Teacher.objects.select_related("user").get(user__pk=pk)
    except (ValueError, UnicodeDecodeError, Teacher.DoesNotExist):
        raise InvalidConfirmation() from None
    if not default_token_generator.check_token(teacher.user, token):
        raise InvalidConfirmation()
    with transaction.atomic():
        teacher.user.is_active = True
        teacher.user.save(update_fields=["is_active"])
        if teacher.email_confirmed_at is None:
            teacher.email_confirmed_at = now
            teacher.save(update_fields=["email_confirmed_at"])
    return teacher


def set_anonymisation_wish(*, teacher: Teacher, wanted: bool) -> None:
    teacher.wants_anonymisation = wanted
    teacher.save(update_fields=["wants_anonymisation"])  # its pages' cached row is renewed


# --- classes -------------------------------------------------------------------------------


def teacher_classes(*, teacher: Teacher, edition: Edition | None = None) -> QuerySet[SchoolClass]:
    classes = SchoolClass.objects.filter(teacher=teacher).select_related("edition", "booking__slot")
    if edition is not None:
        classes = classes.filter(edition=edition)
    return classes.order_by("name")


def class_of(
    *, teacher: Teacher, class_id, for_update: bool = False, with_booking: bool = False
) -> SchoolClass:
    """The teacher's class, or NotYours (404) for anyone else's or a missing one.
    `with_booking`: its booking, slot, edition and live room read in the same query (for the pages
    that show them)."""
    classes = SchoolClass.objects.filter(Q(teacher=teacher))
    if for_update:
        classes = classes.select_for_update()
    elif with_booking:
        classes = classes.select_related("booking__slot__edition", "booking__live_room")
    try:
        found = classes.get(pk=class_id)
    except (SchoolClass.DoesNotExist, ValueError, TypeError):
        raise NotYours() from None
    found.teacher = teacher  # already read: the pages name the class's teacher and school
    return found


def _save_with_fresh_code(school_class: SchoolClass) -> None:
    """Saves with a new random code; a collision (one in 2^59) just draws again."""
    for _attempt in range(5):
        school_class.code = codes.new_code()
        try:
            with transaction.atomic():
                school_class.save()
            return
        except IntegrityError:
            if not SchoolClass.objects.filter(code=school_class.code).exists():
                raise
    raise RuntimeError("could not draw a free class code")


def create_class(
    *,
    teacher: Teacher,
    edition: Edition,
    name: str,
    level: str,
    pupil_count: int,
    wanted_trades=(),
) -> SchoolClass:
    """A class with its code and one generated pseudonym per pupil."""
    if not 1 <= pupil_count <= MAX_PUPILS:
        raise ClassFull()
    _check_wishes(wanted_trades)
    with transaction.atomic():
        school_class = SchoolClass(
            teacher=teacher,
            edition=edition,
            name=name.strip(),
            level=level,
            pupil_count=pupil_count,
        )
        _save_with_fresh_code(school_class)
        school_class.wanted_trades.set(wanted_trades)
        Pupil.objects.bulk_create(
            Pupil(school_class=school_class, pseudonym=pseudonym)
            for pseudonym in pseudonyms.new_pseudonyms(pupil_count)
        )
    return school_class


def update_class(*, school_class: SchoolClass, name: str, level: str, wanted_trades=()) -> None:
    _check_wishes(wanted_trades)
    with transaction.atomic():
        school_class.name = name.strip()
        school_class.level = level
        school_class.save(update_fields=["name", "level", "updated_at"])
        school_class.wanted_trades.set(wanted_trades)


def _check_wishes(wanted_trades) -> None:
    if len(set(wanted_trades)) > MAX_WISHES:
        raise TooManyWishes()


def delete_class(*, school_class: SchoolClass) -> None:
    """Deletes the class, its pupils and its booking (whose place is freed, see signals.py)."""
    with transaction.atomic():
        school_class.delete()


def regenerate_code(*, school_class: SchoolClass, now=None) -> str:
    """A new code for the class; the old one stops working at once."""
    with transaction.atomic():
        school_class.code_changed_at = now or timezone.now()
        _save_with_fresh_code(school_class)
    return school_class.code


def add_pupil(*, school_class: SchoolClass) -> Pupil:
    with transaction.atomic():
        # The class row is locked so two additions cannot both take the 40th place.
        locked = SchoolClass.objects.select_for_update().get(pk=school_class.pk)
        taken = set(locked.pupils.values_list("pseudonym", flat=True))
        if len(taken) >= MAX_PUPILS:
            raise ClassFull()
        pupil = Pupil.objects.create(
            school_class=locked, pseudonym=pseudonyms.new_pseudonym(taken=taken)
        )
        _sync_pupil_count(locked)
    school_class.pupil_count = locked.pupil_count
    return pupil


def remove_pupil(*, school_class: SchoolClass, pupil_id) -> None:
    with transaction.atomic():
        locked = SchoolClass.objects.select_for_update().get(pk=school_class.pk)
        try:
            pupil = locked.pupils.get(pk=pupil_id)
        except (Pupil.DoesNotExist, ValueError, TypeError):
            raise NotYours(_("Cet élève n'est pas dans cette classe.")) from None
        if locked.pupils.count() <= 1:
            raise LastPupil()
        pupil.delete()
        _sync_pupil_count(locked)
    school_class.pupil_count = locked.pupil_count


def _sync_pupil_count(school_class: SchoolClass) -> None:
    school_class.pupil_count = school_class.pupils.count()
    school_class.save(update_fields=["pupil_count", "updated_at"])
