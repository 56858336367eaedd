"""The exhibitor's own pages (/exposant/): thin adapters over services.py.

Every object is looked up through the exhibitor's company, so another company's testimonial,
job profile or demo answers 404 whatever its id.
"""

from functools import partial

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usine.media.services import (
    InvalidCaptions,
    InvalidVideo,
    StorageUnavailable,
    progress_state,
)
from usine.roles import exhibitor_required

from .. import publication, queries, services
from ..forms import (
    CaptionsForm,
    CompanyForm,
    DemoForm,
    DemoPhotoForm,
    JobProfileForm,
    PublishForm,
    TestimonialForm,
    VideoUploadForm,
)
from ..models import Demo, DemoPhoto, JobProfile, Testimonial
from ..services import CaptionsRejected, ExhibitError

T = "exhibits/exhibitor/"


def _add_error(form, error: ExhibitError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Dashboard ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@exhibitor_required
def dashboard(request, company):
    return render(
        request,
        T + "dashboard.html",
        {
            "company": company,
            "buildings": company.buildings.select_related("edition").order_by(
                "-edition__starts_on"
            ),
            "testimonials": company.testimonials.select_related("video", "pending_video", "job"),
            "job_profiles": company.job_profiles.prefetch_related("training_routes"),
            "demos": company.demos.select_related("video", "pending_video").prefetch_related(
                "photos"
            ),
            "draft": publication.pending_draft(company=company),
        },
    )


# --- The company and its building ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def company_edit(request, company):
    building = publication.current_building(company=company)
    draft = publication.pending_draft(company=company)
    shown = draft or company  # a waiting change is what the exhibitor goes on editing
    initial = {"name": shown.name, "description": shown.description}
    if building is not None:
        initial["building_description"] = (
            draft.building_description if draft else building.description
        )
        initial["look"] = draft.look if draft and draft.look else building.look
    form = CompanyForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_building=building is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = publication.CompanyChange(
            name=data["name"],
            description=data["description"],
            building_description=data.get("building_description", ""),
            look=data.get("look", ""),
            logo=data["logo"] or None,
        )
        try:
            waiting = publication.edit_company(company=company, change=change)
        except ExhibitError as error:
            _add_error(form, error)
        else:
            if waiting is not None:
                messages.success(
                    request,
                    _("Modifications envoyées aux organisateurs : elles seront publiques dès "
                      "qu'ils les auront acceptées."),
                )  # fmt: skip
            else:
                messages.success(request, _("Votre entreprise et votre bâtiment sont à jour."))
            return redirect("exhibits:dashboard")
    return render(
        request,
        T + "company.html",
        {
            "company": company,
            "building": building,
            "draft": draft,
            "review": publication.review_required(building=building),
            "form": form,
        },
    )


# --- Testimonials -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_create(request, company):
    return _testimonial_form(request, company, Testimonial())


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_edit(request, company, pk):
    return _testimonial_form(request, company, get_object_or_404(company.testimonials, pk=pk))


def _testimonial_form(request, company, testimonial):
    creating = testimonial.pk is None
    form = TestimonialForm(request.POST or None, instance=testimonial, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            testimonial = services.save_testimonial(company=company, testimonial=form.save(False))
        except ExhibitError as error:
            _add_error(form, error)
        else:
            if creating:
                messages.success(request, _("Témoignage créé. Envoyez maintenant sa vidéo."))
                return redirect("exhibits:testimonial_video", pk=testimonial.pk)
            messages.success(request, _("Témoignage enregistré."))
            return redirect("exhibits:dashboard")
    title = (
        _("Nouveau témoignage")
        if creating
        else _("Modifier le témoignage de %(name)s") % {"name": testimonial.first_name}
    )
    return render(
        request,
        T + "form_page.html",
        {"form": form, "page_title": title, "submit_label": _("Enregistrer")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_delete(request, company, pk):
    testimonial = get_object_or_404(company.testimonials, pk=pk)
    if request.method == "POST":
        services.delete_testimonial(testimonial=testimonial)
        messages.success(request, _("Témoignage supprimé."))
        return redirect("exhibits:dashboard")
    what = _("le témoignage de %(name)s") % {"name": testimonial.first_name}
    return _confirm_delete(request, testimonial, what)


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_video(request, company, pk):
    testimonial = get_object_or_404(
        company.testimonials.select_related("video", "pending_video"), pk=pk
    )
    upload = partial(services.upload_testimonial_video, testimonial=testimonial)
    return _video_page(request, testimonial, upload, "testimonial")


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_captions(request, company, pk):
    testimonial = get_object_or_404(
        company.testimonials.select_related("video", "pending_video"), pk=pk
    )
    replace = partial(services.replace_testimonial_captions, testimonial=testimonial)
    return _captions_page(request, testimonial, replace, "testimonial")


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def testimonial_publish(request, company, pk):
    testimonial = get_object_or_404(
        company.testimonials.select_related("video", "pending_video"), pk=pk
    )
    form = PublishForm(request.POST or None, initial={"published": not testimonial.published})
    if request.method == "POST" and form.is_valid():
        published = form.cleaned_data["published"]
        try:
            testimonial = services.set_testimonial_published(
                testimonial=testimonial, published=published
            )
        except ExhibitError as error:
            _add_error(form, error)
        else:
            if not published:
                done = _("Témoignage retiré du salon.")
            elif testimonial.published:
                done = _("Témoignage publié.")
            else:
                done = _(
                    "Témoignage envoyé aux organisateurs : il sera publié quand ils l'auront "
                    "accepté."
                )
            messages.success(request, done)
            return redirect("exhibits:dashboard")
    return render(
        request,
        T + "publish.html",
        {"testimonial": testimonial, "form": form, "wants_publish": not testimonial.published},
    )


# --- Job profiles -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def job_create(request, company):
    return _job_form(request, company, JobProfile())


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def job_edit(request, company, pk):
    return _job_form(request, company, get_object_or_404(company.job_profiles, pk=pk))


def _job_form(request, company, job):
    creating = job.pk is None
    form = JobProfileForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_job_profile(
                company=company,
                job=form.save(False),
                training_routes=list(form.cleaned_data["training_routes"]),
            )
        except ExhibitError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Fiche métier enregistrée."))
            return redirect("exhibits:dashboard")
    title = (
        _("Nouvelle fiche métier")
        if creating
        else _("Modifier la fiche « %(title)s »") % {"title": job.title}
    )
    return render(
        request,
        T + "form_page.html",
        {"form": form, "page_title": title, "submit_label": _("Enregistrer")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def job_delete(request, company, pk):
    job = get_object_or_404(company.job_profiles, pk=pk)
    if request.method == "POST":
        services.delete_job_profile(job=job)
        messages.success(request, _("Fiche métier supprimée."))
        return redirect("exhibits:dashboard")
    return _confirm_delete(request, job, _("la fiche métier « %(name)s »") % {"name": job.title})


# --- Demos --------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_create(request, company):
    return _demo_form(request, company, Demo())


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_edit(request, company, pk):
    return _demo_form(request, company, get_object_or_404(company.demos, pk=pk))


def _demo_form(request, company, demo):
    creating = demo.pk is None
    form = DemoForm(request.POST or None, instance=demo)
    if request.method == "POST" and form.is_valid():
        demo = services.save_demo(company=company, demo=form.save(False))
        if creating:
            messages.success(request, _("Démonstration créée."))
            next_step = (
                "exhibits:demo_video" if demo.kind == Demo.Kind.VIDEO else "exhibits:demo_photos"
            )
            return redirect(next_step, pk=demo.pk)
        messages.success(request, _("Démonstration enregistrée."))
        return redirect("exhibits:dashboard")
    title = (
        _("Nouvelle démonstration")
        if creating
        else _("Modifier « %(title)s »") % {"title": demo.title}
    )
    return render(
        request,
        T + "form_page.html",
        {"form": form, "page_title": title, "submit_label": _("Enregistrer")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_delete(request, company, pk):
    demo = get_object_or_404(company.demos, pk=pk)
    if request.method == "POST":
        services.delete_demo(demo=demo)
        messages.success(request, _("Démonstration supprimée."))
        return redirect("exhibits:dashboard")
    return _confirm_delete(request, demo, _("la démonstration « %(name)s »") % {"name": demo.title})


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_video(request, company, pk):
    demo = get_object_or_404(
        company.demos.select_related("video", "pending_video"), pk=pk, kind=Demo.Kind.VIDEO
    )
    return _video_page(request, demo, partial(services.upload_demo_video, demo=demo), "demo")


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_captions(request, company, pk):
    demo = get_object_or_404(
        company.demos.select_related("video", "pending_video"), pk=pk, kind=Demo.Kind.VIDEO
    )
    replace = partial(services.replace_demo_captions, demo=demo)
    return _captions_page(request, demo, replace, "demo")


@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def demo_photos(request, company, pk):
    demo = get_object_or_404(company.demos, pk=pk, kind=Demo.Kind.PHOTOS)
    form = DemoPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_demo_photo(demo=demo, photo=form.save(False))
        except ExhibitError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Photo ajoutée."))
            return redirect("exhibits:demo_photos", pk=demo.pk)
    return render(
        request, T + "demo_photos.html", {"demo": demo, "photos": demo.photos.all(), "form": form}
    )


@require_POST
@exhibitor_required
def demo_photo_delete(request, company, pk, photo_pk):
    photo = get_object_or_404(DemoPhoto, pk=photo_pk, demo__pk=pk, demo__company=company)
    services.delete_demo_photo(photo=photo)
    messages.success(request, _("Photo supprimée."))
    return redirect("exhibits:demo_photos", pk=pk)


# --- Shared pages -------------------------------------------------------------------------------


def _video_page(request, owner, upload, kind: str):
    form = VideoUploadForm(
        request.POST or None, request.FILES or None, captions_required=kind == "demo"
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload(upload=form.cleaned_data["video"], captions=form.cleaned_data["captions"])
        except InvalidVideo as error:
            form.add_error("video", error.message)
        except CaptionsRejected as error:
            # The video is kept and converting: ask only for a corrected caption file.
            captions_form = CaptionsForm(data={}, files={})
            captions_form.errors["captions"] = captions_form.error_class([error.message])
            return _render_captions_page(
                request, owner, kind, captions_form, received=form.cleaned_data["video"].name
            )
        except StorageUnavailable as error:
            form.add_error(None, error.message)
        except ExhibitError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("Vidéo reçue : elle est en cours de conversion et remplacera la vidéo en ligne "
                  "dès qu'elle sera prête."),
            )  # fmt: skip
            return redirect(f"exhibits:{kind}_video", pk=owner.pk)
    return render(request, T + "video_page.html", {"owner": owner, "kind": kind, "form": form})


def _captions_page(request, owner, replace, kind: str):
    form = CaptionsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            replace(file=form.cleaned_data["captions"])
        except InvalidCaptions as error:
            form.add_error("captions", error.message)
        except StorageUnavailable as error:
            form.add_error(None, error.message)
        except ExhibitError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Sous-titres enregistrés."))
            return redirect(f"exhibits:{kind}_video", pk=owner.pk)
    return _render_captions_page(request, owner, kind, form)


def _render_captions_page(request, owner, kind: str, form, *, received: str | None = None):
    return render(
        request,
        T + "captions_page.html",
        {
            "owner": owner,
            "kind": kind,
            "form": form,
            "received": received,
            "captions_url": reverse(f"exhibits:{kind}_captions", kwargs={"pk": owner.pk}),
        },
    )


def _confirm_delete(request, obj, what: str):
    return render(
        request,
        T + "confirm_delete.html",
        {"object": obj, "what": what},
    )


# --- A video's conversion, followed by its page ---------------------------------------------------


@never_cache
@require_GET
def video_progress(request, pk: int):
    """The conversion state of one video, polled every second by static/media/progress.js."""
    video = queries.followed_video(user=request.user, video_id=pk)
    if video is None:
        return JsonResponse({"error": _("Vidéo introuvable.")}, status=404)
    return JsonResponse(progress_state(video))
