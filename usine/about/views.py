import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from usine.accounts.throttle import client_address
from usine.schools.join import PUPIL_SESSION_KEY

from . import services
from .errors import TooManyMessages
from .forms import ContactForm
from .publisher import publisher


def legal_notice(request):
    return render(request, "about/legal_notice.html", {"publisher": publisher()})


def privacy(request):
    return render(
        request,
        "about/privacy.html",
        {
            "publisher": publisher(),
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "contact_retention_days": settings.CONTACT_MESSAGE_RETENTION_DAYS,
        },
    )


# When the statement below was last established (RGAA asks for its date).
STATEMENT_DATE = datetime.date(2026, 12, 1)


def accessibility(request):
    return render(
        request,
        "about/accessibility.html",
        {
            "publisher": publisher(),
            "site_url": settings.SITE_URL,
            "statement_date": STATEMENT_DATE,
        },
    )


@never_cache
def contact(request):
    # The form is for adults: a browser holding a pupil's seat gets the way pupils ask instead
    # (their teacher, or the moderated questions of the live exchange).
    if request.session.get(PUPIL_SESSION_KEY):
        return render(request, "about/contact_pupil.html")
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.send_contact_message(
                name=data["name"],
                email=data["email"],
                topic=data["topic"],
                text=data["text"],
                address=client_address(request),
            )
        except TooManyMessages:
            form.add_error(
                None,
                _(
                    "Beaucoup de messages sont partis de cette connexion : réessayez dans une "
                    "heure, ou écrivez directement à l'adresse ci-dessous."
                ),
            )
            status = 429
        else:
            messages.success(
                request,
                _(
                    "Merci, votre message est bien arrivé aux organisateurs du salon. Ils vous "
                    "répondront à l'adresse indiquée."
                ),
            )
            return redirect("about:contact_sent")
    elif form.is_bound:
        status = 400
    response = render(request, "about/contact.html", {"form": form, "publisher": publisher()})
    response.status_code = status
    return response


def contact_sent(request) -> HttpResponse:
    return render(request, "about/contact_sent.html")
