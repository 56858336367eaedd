"""The waiting list of full slots: a teacher puts a class in line, or takes it out."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from usine.inputs import local_next
from usine.roles import teacher_required

from .. import waiting_list
from ..errors import NotYours, SchoolsError


@require_POST
@teacher_required
def join(request):
    class_id = request.POST.get("school_class")
    try:
        place = waiting_list.join(
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
        _(
            "La classe %(name)s est n° %(position)s sur la liste d'attente du %(slot)s. "
            "Si une place se libère, elle lui est donnée et vous recevez l'invitation par e-mail."
        )
        % {
            "name": place.entry.school_class.name,
            "position": place.position,
            "slot": formats.date_format(timezone.localtime(place.slot.starts_at), "l j F, H:i"),
        },
    )
    return redirect("schools:slots")


@require_POST
@teacher_required
def leave(request):
    try:
        waiting_list.leave(
            teacher=request.teacher,
            class_id=request.POST.get("school_class"),
            slot_id=request.POST.get("slot"),
        )
    except NotYours:
        raise
    except SchoolsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La classe a quitté la liste d'attente."))
    return redirect(local_next(request, default=reverse("schools:slots")))
