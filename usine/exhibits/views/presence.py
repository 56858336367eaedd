"""The exhibitor's presence slots at the building's desk (/exposant/accueil/presences/)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usine.fair.slots import edition_days
from usine.roles import exhibitor_required

from .. import presence, publication
from ..forms import PresenceSlotForm
from ..services import ExhibitError


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def slots(request, company):
    building = publication.current_building(company=company)
    if building is None:
        return render(request, "exhibits/exhibitor/presence.html", {"building": None})
    form = PresenceSlotForm(
        request.POST if request.method == "POST" else None,
        hosts=presence.hosts(company=company, building=building),
        days=edition_days(edition=building.edition, weekdays_only=False),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            presence.add_slot(
                company=company,
                building=building,
                host_id=data["host"],
                host_label=data["host_label"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except ExhibitError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Présence à l'accueil ajoutée."))
            return redirect("exhibits:presence")
    return render(
        request,
        "exhibits/exhibitor/presence.html",
        {
            "building": building,
            "form": form,
            "slots": presence.company_slots(building=building),
            "now": timezone.now(),
        },
    )


@require_POST
@exhibitor_required
def slot_delete(request, company, pk):
    try:
        presence.remove_slot(company=company, slot_id=pk)
    except ExhibitError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Présence retirée."))
    return redirect("exhibits:presence")
