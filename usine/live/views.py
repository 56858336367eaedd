"""The live exchange's page, one per class session, shown according to the visitor's role."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import access
from .models import LiveRoom


@never_cache
@require_GET
def room(request, pk):
    live_room = get_object_or_404(
        LiveRoom.objects.select_related(
            "booking__school_class__teacher", "booking__slot", "professional"
        ),
        pk=pk,
    )
    member = access.request_member_or_404(request, live_room)
    return render(request, "live/room.html", {"room": live_room, "member": member})
