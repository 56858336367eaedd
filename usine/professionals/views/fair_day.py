"""The organizers' fair-day console (/organisation/direct/jour-j/): today's classes and alerts,
replacing a professional, writing to the teachers of a slot."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from usine.fair.models import SessionSlot
from usine.schools.models import Booking

from .. import fair_day, replacement, slot_messages
from ..forms import ReplacementForm, SlotMessageForm
from ..services import ProfessionalsError
from .organizer import organizer_of_the_open_edition
from .professional import add_error

T = "professionals/organizer/"
REFRESH_SECONDS = 10


def _context(edition) -> dict:
    return {"edition": edition, "overview": fair_day.overview(edition=edition)}


@never_cache
@require_http_methods(["GET", "HEAD"])
@organizer_of_the_open_edition
def console(request, edition):
    context = _context(edition)
    context["refresh_seconds"] = REFRESH_SECONDS
    return render(request, T + "fair_day.html", context)


@never_cache
@require_http_methods(["GET", "HEAD"])
@organizer_of_the_open_edition
def state(request, edition):
    """The console's state, polled by static/professionals/fair_day.js: the counts and alerts,
    and the page's body drawn again (one template for the page and its refreshes)."""
    context = _context(edition)
    data = context["overview"].as_json()
    data["html"] = render_to_string(T + "_fair_day_body.html", context, request=request)
    return JsonResponse(data)


def _booking(edition, pk) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related(
            "slot__edition", "school_class__teacher__school", "live_room"
        ),
        pk=pk,
        slot__edition=edition,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_of_the_open_edition
def replace(request, edition, pk):
    booking = _booking(edition, pk)
    candidates = replacement.candidates(booking=booking)
    form = ReplacementForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["professional"]
        try:
            replacement.replace(booking=booking, professional=chosen, by=request.user)
        except ProfessionalsError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(pro)s mène maintenant l'échange de la classe %(name)s ; l'enseignant·e et "
                    "les professionnel·les sont prévenu·es par e-mail."
                )
                % {"pro": chosen.first_name, "name": booking.school_class.name},
            )
            return redirect("professionals:organizer_fair_day")
    return render(
        request,
        T + "replace.html",
        {
            "edition": edition,
            "booking": booking,
            "form": form,
            "candidates": candidates,
            "current": replacement.current_professional(booking=booking),
            "started": booking.slot.starts_at <= timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@organizer_of_the_open_edition
def resolve(request, edition, pk):
    booking = _booking(edition, pk)
    try:
        changed = replacement.resolve(booking=booking)
    except ProfessionalsError as error:
        messages.error(request, error.message)
        return redirect("professionals:organizer_replace", pk=booking.pk)
    if booking.pk in changed:
        messages.success(
            request,
            ngettext(
                "Planning recalculé : %(count)s classe change de professionnel·le.",
                "Planning recalculé : %(count)s classes changent de professionnel·le.",
                len(changed),
            )
            % {"count": len(changed)},
        )
    else:
        messages.error(
            request,
            _("Le recalcul n'a trouvé personne pour la classe %(name)s.")
            % {"name": booking.school_class.name},
        )
    return redirect("professionals:organizer_fair_day")


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_of_the_open_edition
def slot_message(request, edition, pk):
    slot = get_object_or_404(SessionSlot, pk=pk, edition=edition)
    form = SlotMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = slot_messages.send_to_teachers(
                slot=slot, text=form.cleaned_data["text"], by=request.user
            )
        except ProfessionalsError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Message envoyé à %(count)s enseignant·e.",
                    "Message envoyé à %(count)s enseignant·es.",
                    sent.recipients,
                )
                % {"count": sent.recipients},
            )
            return redirect("professionals:organizer_fair_day")
    teachers = Booking.objects.filter(slot=slot).count()
    return render(
        request,
        T + "slot_message.html",
        {"edition": edition, "slot": slot, "form": form, "classes": teachers},
        status=400 if form.errors else 200,
    )
