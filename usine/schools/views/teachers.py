"""Teachers' pages: thin adapters that parse, authorise, call a service and render."""

import contextlib
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usine.accounts.throttle import account_mail_allowed, client_address
from usine.exhibits.queries import edition_trades
from usine.fair.queries import edition_slots, open_edition, shown_edition, slots_by_day
from usine.roles import teacher_required

from .. import booking, class_pages, csv_import, invitations, services, waiting_list, wording
from ..errors import ClassesClosed, CsvError, NotYours, SchoolsError
from ..forms import (
    AnonymisationForm,
    CounsellorSignupForm,
    CsvUploadForm,
    SchoolClassForm,
    TeacherSignupForm,
)
from ..models import School
from ..pseudonyms import in_reading_order

IMPORT_SESSION_KEY = "schools_csv_import"


def _closed_message():
    """Between editions: why classes cannot register, the fair being over (archive mode) or
    not open yet. None when an edition is open."""
    if open_edition() is not None:
        return None
    return ClassesClosed.default_message if shown_edition() is not None else None


def _no_edition(request):
    return render(
        request, "schools/no_edition.html", {"closed_message": _closed_message()}, status=409
    )


def site_url_of(request) -> str:
    """The address this page was asked at: where a PDF rendered now finds its images."""
    return request.build_absolute_uri("/").rstrip("/")


# --- sign-up -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    return _signup(request, TeacherSignupForm, kind=School.Kind.SCHOOL)


@require_http_methods(["GET", "POST"])
def counsellor_signup(request):
    """A counsellor of an organisation that accompanies job seekers: groups instead of classes."""
    return _signup(request, CounsellorSignupForm, kind=School.Kind.EMPLOYMENT)


def _signup(request, form_class, *, kind):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Every sign-up sends an e-mail to the typed address: counted like password resets, so
        # the form cannot fill someone's inbox. Beyond the allowance nothing is sent or made,
        # and the page says the same (the link may come from an earlier try).
        if account_mail_allowed(address=client_address(request), email=data["email"]):
            services.register_teacher(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                uai=data.get("uai"),
                school_name=data["school_name"],
                school_town=data["school_town"],
                kind=kind,
            )
        request.session["schools_signup_email"] = data["email"]
        return redirect("schools:signup_sent")
    return render(
        request,
        "schools/signup.html",
        {
            "form": form,
            "words": wording.GROUPS if kind == School.Kind.EMPLOYMENT else wording.CLASSES,
        },
    )


@require_GET
def signup_sent(request):
    email = request.session.get("schools_signup_email", "")
    return render(request, "schools/signup_sent.html", {"email": email})


@require_GET
def confirm(request, uidb64, token):
    try:
        teacher = services.confirm_email(uidb64=uidb64, token=token)
    except SchoolsError as error:
        return render(request, "schools/confirm_failed.html", {"error": error.message}, status=400)
    login(request, teacher.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Adresse confirmée : bienvenue dans votre espace enseignant."))
    return redirect("schools:classes")


# --- classes -------------------------------------------------------------------------------------


@require_GET
@teacher_required
def classes(request):
    edition = open_edition()
    return render(
        request,
        "schools/classes.html",
        {
            "edition": edition,
            "closed_message": _closed_message() if edition is None else None,
            "classes": services.teacher_classes(teacher=request.teacher, edition=edition)
            if edition
            else [],
            "account_form": AnonymisationForm(
                initial={"wants_anonymisation": request.teacher.wants_anonymisation}
            ),
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            # A class in session links to its console: the teacher follows it from here.
            "now": timezone.now(),
        },
    )


@require_POST
@teacher_required
def account(request):
    form = AnonymisationForm(request.POST)
    if form.is_valid():
        wanted = form.cleaned_data["wants_anonymisation"]
        services.set_anonymisation_wish(teacher=request.teacher, wanted=wanted)
        messages.success(request, _("Votre choix est enregistré."))
    return redirect("schools:classes")


def _class_form(request, *, edition, school_class=None, with_count=True):
    names = services.teacher_classes(teacher=request.teacher, edition=edition).values_list(
        "name", flat=True
    )
    if school_class is not None:
        names = names.exclude(pk=school_class.pk)
    initial = None
    if school_class is not None:
        initial = {
            "name": school_class.name,
            "level": school_class.level,
            "wanted_trades": list(school_class.wanted_trades.all()),
        }
    return SchoolClassForm(
        request.POST or None,
        initial=initial,
        trades=edition_trades(edition=edition),
        existing_names=list(names),
        with_count=with_count,
        words=wording.for_school(request.teacher.school),
    )


@require_http_methods(["GET", "POST"])
@teacher_required
def class_new(request):
    edition = open_edition()
    if edition is None:
        return _no_edition(request)
    form = _class_form(request, edition=edition)
    if request.method == "POST" and form.is_valid():
        school_class = services.create_class(
            teacher=request.teacher, edition=edition, **form.cleaned_data
        )
        messages.success(
            request,
            _("Groupe créé. Réservez maintenant un créneau.")
            if school_class.teacher.school.for_adults
            else _("Classe créée. Réservez maintenant un créneau."),
        )
        return redirect(school_class)
    return render(request, "schools/class_form.html", {"form": form, "edition": edition})


@require_http_methods(["GET", "POST"])
@teacher_required
def class_edit(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    form = _class_form(
        request, edition=school_class.edition, school_class=school_class, with_count=False
    )
    if request.method == "POST" and form.is_valid():
        services.update_class(school_class=school_class, **form.cleaned_data)
        messages.success(
            request,
            _("Groupe enregistré.")
            if request.teacher.school.for_adults
            else _("Classe enregistrée."),
        )
        return redirect(school_class)
    return render(
        request,
        "schools/class_form.html",
        {"form": form, "edition": school_class.edition, "school_class": school_class},
    )


@require_http_methods(["GET", "POST"])
@teacher_required
def class_delete(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    if request.method == "POST":
        services.delete_class(school_class=school_class)
        messages.success(request, _("La classe %(name)s est supprimée.") % {"name": school_class})
        return redirect("schools:classes")
    return render(request, "schools/class_delete.html", {"school_class": school_class})


@require_GET
@teacher_required
def class_detail(request, pk):
    # The class with its booking, wished trades (the facts and the live exchange's line both
    # list them) and pseudonyms, from the cache while none changed.
    shown = class_pages.shown_class(teacher=request.teacher, class_id=pk)
    school_class = shown.school_class
    booked = getattr(school_class, "booking", None)
    now = timezone.now()
    return render(
        request,
        "schools/class_detail.html",
        {
            "school_class": school_class,
            # Plain rows: the list shows each pseudonym with its id, nothing else of the pupil.
            "pupils": shown.pupils,
            "booking": booked,
            # No cancel button once the session has started: cancelling would be refused.
            "cancellable": booked is not None and booking.cancellable(booked, now=now),
            # Read only when the page shows them (a class without a booking).
            "waiting_places": SimpleLazyObject(
                lambda: waiting_list.places_of(school_class=school_class)
            ),
            "wanted_trades": school_class.wanted_trades.all(),  # the prefetched list
            "join_url": _join_url(request, school_class),
            "now": now,
        },
    )


@require_POST
@teacher_required
def class_code(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    services.regenerate_code(school_class=school_class)
    messages.success(
        request,
        _("Nouveau code : %(code)s. L'ancien ne fonctionne plus ; réimprimez la fiche.")
        % {"code": school_class.code_display},
    )
    return redirect(school_class)


@require_POST
@teacher_required
def pupil_add(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    try:
        pupil = services.add_pupil(school_class=school_class)
    except SchoolsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Élève ajouté : %(pseudonym)s.") % {"pseudonym": pupil})
    return redirect(school_class)


@require_POST
@teacher_required
def pupil_remove(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    try:
        # One form for the whole list: the button pressed names the pupil.
        services.remove_pupil(school_class=school_class, pupil_id=request.POST.get("pupil"))
    except NotYours:
        raise
    except SchoolsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pseudonyme retiré."))
    return redirect(school_class)


# --- class sheet ---------------------------------------------------------------------------------


def _join_url(request, school_class) -> str:
    return request.build_absolute_uri(f"{reverse('schools:join')}?code={school_class.code_display}")


def _sheet_context(request, school_class) -> dict:
    join_url = _join_url(request, school_class)
    qr = segno.make(join_url, error="m")
    words = wording.for_class(school_class)
    title = (
        _("QR code vers la page pour rejoindre le groupe")
        if words.adults
        else _("QR code vers la page pour rejoindre la classe")
    )
    return {
        "school_class": school_class,
        # Explicit: the PDF is rendered without the request, so without the context processor.
        "words": words,
        # Numbered as on the class page and the join page.
        "pupils": in_reading_order(school_class.pupils.order_by()),
        "booking": getattr(school_class, "booking", None),
        "join_url": join_url,
        "join_page": request.build_absolute_uri(reverse("schools:join")),
        "qr_svg": qr.svg_inline(scale=5, title=title, border=2),
    }


@require_GET
@teacher_required
def class_sheet(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    return render(request, "schools/sheet.html", _sheet_context(request, school_class))


@require_GET
@teacher_required
def class_sheet_pdf(request, pk):
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    html = render_to_string("schools/sheet_pdf.html", _sheet_context(request, school_class))
    pdf = HTML(string=html, base_url=site_url_of(request)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-{school_class.code_display}.pdf"'
    return response


# --- CSV import ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@teacher_required
def class_import(request):
    edition = open_edition()
    if edition is None:
        return _no_edition(request)
    words = wording.for_school(request.teacher.school)
    context = {"edition": edition, "form": CsvUploadForm(words=words)}
    if request.method == "GET":
        return render(request, "schools/class_import.html", context)

    if request.POST.get("action") == "confirm":
        return _import_confirm(request, edition=edition, context=context)

    form = CsvUploadForm(request.POST, request.FILES, words=words)
    context["form"] = form
    if not form.is_valid():
        return render(request, "schools/class_import.html", context, status=400)
    try:
        text, encoding = csv_import.decode(form.cleaned_data["file"].read())
        preview = csv_import.parse(
            text, teacher=request.teacher, edition=edition, encoding=encoding
        )
    except CsvError as error:
        context["error"] = error.message
        return render(request, "schools/class_import.html", context, status=400)
    # The checked text waits in the session (not a temp file) until the teacher confirms.
    token = secrets.token_urlsafe(16)
    request.session[IMPORT_SESSION_KEY] = {"token": token, "text": text, "edition": edition.pk}
    context.update(preview=preview, token=token)
    return render(request, "schools/class_import.html", context, status=200 if preview.ok else 400)


def _import_confirm(request, *, edition, context):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        context["error"] = _("Cet aperçu a expiré : envoyez le fichier à nouveau.")
        return render(request, "schools/class_import.html", context, status=400)
    if pending.get("edition") != edition.pk:
        context["error"] = _("L'édition ouverte a changé : envoyez le fichier à nouveau.")
        return render(request, "schools/class_import.html", context, status=400)
    try:
        created = csv_import.import_classes(
            teacher=request.teacher, edition=edition, text=pending["text"]
        )
    except CsvError as error:
        context["error"] = error.message
        with contextlib.suppress(CsvError):
            context["preview"] = csv_import.parse(
                pending["text"], teacher=request.teacher, edition=edition
            )
        return render(request, "schools/class_import.html", context, status=400)
    del request.session[IMPORT_SESSION_KEY]
    count = len(created)
    if request.teacher.school.for_adults:
        done = ngettext("%(count)s groupe importé.", "%(count)s groupes importés.", count)
    else:
        done = ngettext("%(count)s classe importée.", "%(count)s classes importées.", count)
    messages.success(request, done % {"count": count})
    return redirect("schools:classes")


# --- session slots and booking -------------------------------------------------------------------


def _calendar(request, *, selected_class=None):
    edition = open_edition()
    if edition is None:
        return _no_edition(request)
    teacher_classes = list(services.teacher_classes(teacher=request.teacher, edition=edition))
    free_classes = [c for c in teacher_classes if not hasattr(c, "booking")]
    days = slots_by_day(edition_slots(edition=edition))
    counts = waiting_list.waiting_counts(slot_ids=[s.pk for _d, day in days for s in day])
    places = waiting_list.teacher_places(teacher=request.teacher, edition=edition)
    for _day, day_slots in days:
        for slot in day_slots:
            slot.waiting_count = counts.get(slot.pk, 0)
            slot.my_places = [p for p in places if p.entry.slot_id == slot.pk]
            waiting = {p.entry.school_class_id for p in slot.my_places}
            slot.waitable_classes = [c for c in free_classes if c.pk not in waiting]
    return render(
        request,
        "schools/slots.html",
        {
            "edition": edition,
            "days": days,
            "classes": teacher_classes,
            "free_classes": free_classes,
            "selected_class": selected_class,
            "now": timezone.now(),
        },
    )


@require_GET
@teacher_required
def slots(request):
    return _calendar(request, selected_class=request.GET.get("classe", ""))


@require_POST
@teacher_required
def book(request):
    class_id = request.POST.get("school_class")
    try:
        made = booking.book(
            teacher=request.teacher,
            class_id=class_id,
            slot_id=request.POST.get("slot"),
        )
    except NotYours:
        raise
    except SchoolsError as error:
        # A small page, not the whole calendar: when a popular slot fills up, hundreds of
        # refused attempts arrive together and each must stay cheap.
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


@require_POST
@teacher_required
def cancel(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    try:
        booking.cancel(teacher=request.teacher, class_id=school_class.pk)
    except NotYours:
        raise
    except SchoolsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Réservation annulée : la place est libérée."))
    return redirect(school_class)


@require_GET
@teacher_required
def invitation(request, pk):
    school_class = services.class_of(teacher=request.teacher, class_id=pk)
    made = getattr(school_class, "booking", None)
    if made is None:
        raise Http404(_("Cette classe n'a pas de réservation."))
    response = HttpResponse(
        invitations.invitation(booking=made),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{invitations.filename(booking=made)}"'
    return response
