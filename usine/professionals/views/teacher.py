"""The teacher's view of their class's live exchange, polled by the console page."""

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from usine.roles import teacher_required
from usine.schools import services as schools_services

from .. import fair_day


@never_cache
@require_GET
@teacher_required
def exchange_state(request, pk):
    school_class = schools_services.class_of(teacher=request.teacher, class_id=pk)
    booking = getattr(school_class, "booking", None)
    if booking is None:
        raise Http404(_("Cette classe n'a pas de réservation."))
    state = fair_day.class_state(booking=booking)
    return JsonResponse(
        {
            "professional_connected": state.professional_connected,
            "pending_questions": state.pending_questions,
            "html": render_to_string(
                "professionals/teacher/_exchange_state.html", {"state": state}, request=request
            ),
            # The way into the exchange, or when it will show: it appears without a reload.
            "link": render_to_string(
                "schools/_exchange_link.html",
                {"booking": booking, "school_class": school_class, "now": timezone.now()},
                request=request,
            ).strip(),
        }
    )
