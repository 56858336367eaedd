"""An exhibitor's company and building as the public sees them, and the organizers' review.

The exhibitor edits the company's name, presentation and logo, and its building's description and
look. When the building's edition asks for review (`Edition.review_publications`, the public is
minors) the change waits as a CompanyDraft and the public keeps the last approved version until
an organizer approves it. So do the videos about to go public (review.py says when): the
organizers approve or refuse them here too.
"""

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine import images
from usine.fair.models import Building, Edition

from . import services
from .models import Company, CompanyDraft, Demo, Testimonial
from .review import current_building, review_required
from .services import ExhibitError

# The building page shows it at 96 pixels, twice for sharp screens, with room.
LOGO = images.Kind(side=512, format="PNG")


@dataclass(frozen=True)
class CompanyChange:
    name: str
    description: str
    building_description: str = ""
    look: str = ""
    logo: object = None  # an uploaded file, or None to keep the logo


def pending_draft(*, company: Company) -> CompanyDraft | None:
    return CompanyDraft.objects.filter(company=company).first()


def edit_company(*, company: Company, change: CompanyChange) -> CompanyDraft | None:
    """Apply the change, or keep it as a draft for review. Returns the draft, if one waits."""
    building = current_building(company=company)
    if change.look and change.look not in Building.Look.values:
        raise ExhibitError(_("Choisissez une apparence de la liste."), field="look")
    logo = normalised_logo(change.logo) if change.logo is not None else None
    with transaction.atomic():
        if review_required(building=building):
            return _save_draft(company=company, building=building, change=change, logo=logo)
        _apply(company=company, building=building, change=change, logo=logo)
    return None


def approve(*, draft: CompanyDraft) -> Company:
    with transaction.atomic():
        draft = CompanyDraft.objects.select_for_update().select_related("company").get(pk=draft.pk)
        building = Building.objects.filter(pk=draft.building_id).first()
        logo = None
        if draft.logo:
            with draft.logo.open("rb") as file:
                logo = ContentFile(file.read(), name="logo.png")
        change = CompanyChange(
            name=draft.name,
            description=draft.description,
            building_description=draft.building_description,
            look=draft.look,
        )
        _apply(company=draft.company, building=building, change=change, logo=logo)
        _delete_draft(draft)
    return draft.company


def refuse(*, draft: CompanyDraft, reason: str) -> CompanyDraft:
    reason = reason.strip()
    if not reason:
        raise ExhibitError(_("Dites à l'exposant ce qu'il doit changer."), field="refusal_reason")
    with transaction.atomic():
        updated = CompanyDraft.objects.filter(pk=draft.pk, state=CompanyDraft.State.PENDING).update(
            state=CompanyDraft.State.REFUSED, refusal_reason=reason
        )
        if not updated:
            raise ExhibitError(_("Cette modification a déjà été traitée."))
    draft.state, draft.refusal_reason = CompanyDraft.State.REFUSED, reason
    return draft


def pending_drafts():
    return CompanyDraft.objects.filter(state=CompanyDraft.State.PENDING).select_related(
        "company", "building", "building__edition"
    )


# --- Videos waiting for review -----------------------------------------------------------------


def pending_videos() -> list:
    """Testimonials and demos whose video (or publication) waits for an organizer."""
    found = []
    for model in (Testimonial, Demo):
        found += model.objects.filter(awaiting_review=True).select_related(
            "company", "video", "pending_video"
        )
    # A video still being converted (or waiting for its captions) is not shown yet.
    ready = [owner for owner in found if _pending_state(owner) != "preparing"]
    return sorted(ready, key=lambda owner: (owner.company.name, str(owner)))


def _pending_state(owner) -> str:
    """ "none", "ready" (converted, captioned) or "preparing" for the owner's new video."""
    pending = owner.pending_video
    if pending is None or pending.status == pending.Status.FAILED:
        return "none"
    return "ready" if pending.is_ready and pending.captions else "preparing"


def approve_video(*, owner: Testimonial | Demo) -> Testimonial | Demo:
    """What the exhibitor asked for goes public: the held video replaces the one online, and a
    testimonial waiting for publication is published."""
    with transaction.atomic():
        owner = _locked_waiting(owner)
        state = _pending_state(owner)
        if state == "preparing":
            raise ExhibitError(
                _("Cette vidéo n'est pas encore prête : relisez-la quand elle le sera.")
            )
        if state == "ready":
            services.put_online(owner, owner.pending_video)
        owner.awaiting_review = False
        fields = ["awaiting_review"]
        if isinstance(owner, Testimonial) and not owner.published:
            if not owner.can_be_published:
                raise ExhibitError(_("Ce témoignage n'a plus de vidéo sous-titrée prête."))
            owner.published = True
            fields.append("published")
        owner.save(update_fields=fields)
    return owner


def refuse_video(*, owner: Testimonial | Demo, reason: str) -> Testimonial | Demo:
    """The public keeps what it saw; the exhibitor reads why, and may send another video."""
    reason = reason.strip()
    if not reason:
        raise ExhibitError(_("Dites à l'exposant ce qu'il doit changer."), field="refusal_reason")
    with transaction.atomic():
        owner = _locked_waiting(owner)
        owner.awaiting_review, owner.review_refusal = False, reason
        owner.save(update_fields=["awaiting_review", "review_refusal"])
    return owner


def _locked_waiting(owner):
    found = (
        type(owner)
        # Only the owner's row: PostgreSQL locks no row of an outer join's nullable side.
        .objects.select_for_update(of=("self",))
        .select_related("company", "video", "pending_video")
        .filter(pk=owner.pk, awaiting_review=True)
        .first()
    )
    if found is None:
        raise ExhibitError(_("Cette vidéo a déjà été traitée."))
    return found


def set_review(*, edition: Edition, required: bool) -> Edition:
    with transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(review_publications=required)
    edition.review_publications = required
    return edition


def normalised_logo(upload) -> ContentFile:
    """A real raster image, at most 512 pixels a side, as PNG (transparency kept)."""
    try:
        content = images.normalised(upload, kind=LOGO)
    except images.ImageRefused as refused:
        messages = {
            images.TOO_BIG: _("Ce logo dépasse 5 Mo."),
            images.TOO_MANY_PIXELS: _("Ce logo est trop grand (en pixels)."),
        }
        message = messages.get(refused.reason) or _(
            "Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP."
        )
        raise ExhibitError(message, field="logo") from None
    return ContentFile(content, name="logo.png")


def _logo_name() -> str:
    """A name nobody can guess: a logo waiting for review is not linked from any public page, and
    the media folders are public (usine/media/folders.py)."""
    return f"logo-{secrets.token_urlsafe(12)}.png"


def _apply(*, company, building, change: CompanyChange, logo) -> None:
    company.name, company.description = change.name, change.description
    fields = ["name", "description"]
    if logo is not None:
        old = company.logo.name
        company.logo.save(_logo_name(), logo, save=False)
        fields.append("logo")
        if old:
            storage = company.logo.storage
            transaction.on_commit(lambda: storage.delete(old))
    company.save(update_fields=fields)  # post_save drops the town's cache
    if building is not None:
        building.description = change.building_description
        if change.look:
            building.look = change.look
        building.save(update_fields=["description", "look", "updated_at"])


def _save_draft(*, company, building, change: CompanyChange, logo) -> CompanyDraft:
    draft = CompanyDraft.objects.select_for_update().filter(company=company).first()
    old_logo = None
    if draft is None:
        draft = CompanyDraft(company=company)
    elif logo is not None and draft.logo:
        old_logo = draft.logo.name
    draft.building = building
    draft.name, draft.description = change.name, change.description
    draft.building_description, draft.look = change.building_description, change.look
    draft.state, draft.refusal_reason = CompanyDraft.State.PENDING, ""
    draft.submitted_at = timezone.now()
    if logo is not None:
        draft.logo.save(_logo_name(), logo, save=False)
    draft.save()
    if old_logo:
        storage = draft.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return draft


def _delete_draft(draft: CompanyDraft) -> None:
    name = draft.logo.name
    storage = draft.logo.storage
    draft.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def edition_under_review() -> Edition | None:
    """The edition whose review setting the organizers' page shows: the open one, else the
    coming one being prepared."""
    return (
        Edition.objects.filter(state__in=[Edition.State.OPEN, Edition.State.DRAFT])
        .order_by("-state", "-starts_on")
        .first()
    )
