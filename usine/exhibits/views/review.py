"""The organizers' review of what exhibitors publish (/organisation/publications/)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usine.roles import organizer_required

from .. import publication
from ..forms import RefusalForm, ReviewSettingForm
from ..models import CompanyDraft, Demo, Testimonial
from ..services import ExhibitError


@require_http_methods(["GET", "HEAD"])
@organizer_required
def pending(request):
    return _page(request)


@require_POST
@organizer_required
def setting(request):
    edition = publication.edition_under_review()
    form = ReviewSettingForm(request.POST)
    if edition is None or not form.is_valid():
        messages.error(request, _("Aucune édition en cours ou en préparation."))
        return redirect("exhibits:review_pending")
    required = form.cleaned_data["required"]
    publication.set_review(edition=edition, required=required)
    messages.success(
        request,
        _("Relecture activée : les modifications des exposants attendront votre accord.")
        if required
        else _("Relecture désactivée : les modifications des exposants sont publiques aussitôt."),
    )
    return redirect("exhibits:review_pending")


@require_POST
@organizer_required
def approve(request, pk):
    draft = get_object_or_404(CompanyDraft, pk=pk, state=CompanyDraft.State.PENDING)
    company = publication.approve(draft=draft)
    messages.success(request, _("Modification de %(name)s publiée.") % {"name": company.name})
    return redirect("exhibits:review_pending")


@require_POST
@organizer_required
def refuse(request, pk):
    draft = get_object_or_404(CompanyDraft, pk=pk, state=CompanyDraft.State.PENDING)
    form = RefusalForm(request.POST)
    if form.is_valid():
        try:
            publication.refuse(draft=draft, reason=form.cleaned_data["refusal_reason"])
        except ExhibitError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Modification de %(name)s refusée ; l'exposant voit votre motif.")
                % {"name": draft.company.name},
            )
            return redirect("exhibits:review_pending")
    return _page(request, failed=(draft.pk, form), status=400)


# The kinds of video owners in the review pages' addresses.
VIDEO_OWNERS = {"temoignage": Testimonial, "demo": Demo}


def _waiting_owner(kind, pk):
    model = VIDEO_OWNERS.get(kind)
    if model is None:
        raise Http404(_("Cette page n'existe pas."))
    return get_object_or_404(model.objects.select_related("company"), pk=pk, awaiting_review=True)


@require_POST
@organizer_required
def approve_video(request, kind, pk):
    owner = _waiting_owner(kind, pk)
    try:
        publication.approve_video(owner=owner)
    except ExhibitError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Vidéo de %(name)s publiée.") % {"name": owner.company.name})
    return redirect("exhibits:review_pending")


@require_POST
@organizer_required
def refuse_video(request, kind, pk):
    owner = _waiting_owner(kind, pk)
    form = RefusalForm(request.POST)
    if form.is_valid():
        try:
            publication.refuse_video(owner=owner, reason=form.cleaned_data["refusal_reason"])
        except ExhibitError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Vidéo de %(name)s refusée ; l'exposant voit votre motif.")
                % {"name": owner.company.name},
            )
            return redirect("exhibits:review_pending")
    return _page(request, failed=((kind, owner.pk), form), status=400)


def _page(request, *, failed=None, status=200):
    drafts = list(publication.pending_drafts())
    for draft in drafts:
        draft.refusal_form = (
            failed[1]
            if failed and failed[0] == draft.pk
            else RefusalForm(auto_id=f"refus-{draft.pk}-%s")
        )
    kinds = {model: kind for kind, model in VIDEO_OWNERS.items()}
    videos = publication.pending_videos()
    for owner in videos:
        owner.review_kind = kinds[type(owner)]
        key = (owner.review_kind, owner.pk)
        owner.refusal_form = (
            failed[1]
            if failed and failed[0] == key
            else RefusalForm(auto_id=f"refus-{owner.review_kind}-{owner.pk}-%s")
        )
        # What the organizer approves: the held new video, or the testimonial's own.
        owner.proposed_video = owner.pending_video or owner.video
    return render(
        request,
        "exhibits/review/pending.html",
        {"drafts": drafts, "videos": videos, "edition": publication.edition_under_review()},
        status=status,
    )
