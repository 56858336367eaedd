"""The booking benchmark's baseline: every booking of an edition queues behind one row lock.

bench/booking_race.py serves it with DJANGO_SETTINGS_MODULE=bench.booking_edition_lock_settings:
POST /enseignants/creneaux/reserver/ books through `book_behind_edition_lock`; every other URL is
the fair's own.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from usine.fair.models import Edition
from usine.roles import teacher_required
from usine.schools import booking, services
from usine.schools.errors import NotYours, SchoolsError


def book_behind_edition_lock(*, teacher, class_id, slot_id):
    """Every attempt of the edition, refused or not, waits for one row lock on the edition, then
    books as a lone writer would (the fair's booking, run under the lock)."""
    school_class = services.class_of(teacher=teacher, class_id=class_id)
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=school_class.edition_id)
        return booking.book(teacher=teacher, class_id=school_class.pk, slot_id=slot_id)


@require_POST
@teacher_required
def book(request):
    """The fair's booking view (usine.schools.views.teachers.book) with the locked booking."""
    class_id = request.POST.get("school_class")
    try:
        made = book_behind_edition_lock(
            teacher=request.teacher,
            class_id=class_id,
            slot_id=request.POST.get("slot"),
        )
    except NotYours:
        raise
    except SchoolsError as error:
        return render(
            request,
            "schools/booking_refused.html",
            {"error": error.message, "class_id": class_id if str(class_id).isdigit() else ""},
            status=409,
        )
    messages.success(
        request,
        _("Créneau réservé. Une invitation pour votre agenda vous a été envoyée par e-mail."),
    )
    return redirect(made.school_class)


# The first matching pattern wins: this one shadows the fair's booking URL.
urlpatterns = [
    path("enseignants/creneaux/reserver/", book),
    path("", include("usine.urls")),
]
