"""What an exhibitor changes in their building: testimonials, job profiles, demos.

Views hand in objects built by the forms (unsaved model instances); these functions check the
fair's rules, write in one transaction, and raise ExhibitError with a message for the exhibitor.
Videos go through usine.media.services: a new upload becomes `pending_video`, and the published
`video` is only replaced when the new one is ready (see `promote_ready_video`) — and approved,
when the edition asks organizers to review publications (review.py).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from usine.media import services as media
from usine.media.models import Video

from .models import Company, Demo, DemoPhoto, JobProfile, Testimonial, TrainingRoute
from .review import company_reviewed


class ExhibitError(Exception):
    """A change the fair's rules refuse; the message tells the exhibitor what to do."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class CaptionsRejected(ExhibitError):
    """The video was valid and is kept (`video`, being converted); only its captions were not."""

    def __init__(self, message: str, *, video: Video):
        super().__init__(message, field="captions")
        self.video = video


# --- Testimonials -------------------------------------------------------------------------------


def save_testimonial(*, company: Company, testimonial: Testimonial) -> Testimonial:
    if testimonial.job_id is not None and testimonial.job.company_id != company.pk:
        raise ExhibitError(_("Choisissez une fiche métier de votre entreprise."), field="job")
    with transaction.atomic():
        testimonial.company = company
        testimonial.save()
    return testimonial


def delete_testimonial(*, testimonial: Testimonial) -> None:
    with transaction.atomic():
        videos = [v for v in (testimonial.video, testimonial.pending_video) if v is not None]
        testimonial.delete()
        for video in videos:
            media.delete_video(video=video)


def upload_testimonial_video(*, testimonial: Testimonial, upload, captions=None) -> Video:
    """Validate and store a new video; it replaces the published one once transcoded."""
    if testimonial.published and captions is None:
        raise ExhibitError(
            _(
                "Ce témoignage est publié : joignez les sous-titres (WebVTT) de la nouvelle vidéo "
                "pour qu'elle reste accessible."
            ),
            field="captions",
        )
    return _attach_upload(Testimonial, testimonial, upload=upload, captions=captions)


def replace_testimonial_captions(*, testimonial: Testimonial, file) -> Video:
    return _replace_captions(testimonial, file=file)


def set_testimonial_published(*, testimonial: Testimonial, published: bool) -> Testimonial:
    """Publish or withdraw. Under review, publishing asks the organizers (`awaiting_review`)."""
    with transaction.atomic():
        testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
        if published and not testimonial.can_be_published:
            raise ExhibitError(_why_not_publishable(testimonial))
        if (
            published
            and not testimonial.published
            and company_reviewed(company=testimonial.company)
        ):
            testimonial.awaiting_review, testimonial.review_refusal = True, ""
        else:
            testimonial.published = published
            testimonial.awaiting_review = testimonial.awaiting_review and published
        testimonial.save(update_fields=["published", "awaiting_review", "review_refusal"])
    return testimonial


def _why_not_publishable(testimonial: Testimonial) -> str:
    video = testimonial.video
    if video is None:
        if testimonial.pending_video and testimonial.pending_video.status != Video.Status.FAILED:
            return _("La vidéo est en cours de conversion : publiez-la quand elle sera prête.")
        return _("Envoyez d'abord une vidéo : un témoignage se publie avec sa vidéo.")
    if not video.is_ready:
        return _("La vidéo n'est pas encore prête.")
    return _(
        "Ajoutez les sous-titres (WebVTT) de la vidéo avant de publier : chaque vidéo du salon "
        "est sous-titrée."
    )


# --- Job profiles -------------------------------------------------------------------------------


def save_job_profile(
    *, company: Company, job: JobProfile, training_routes: list[TrainingRoute]
) -> JobProfile:
    low, high = job.salary_min, job.salary_max
    if low is not None and high is not None and high < low:
        raise ExhibitError(_("Le maximum est inférieur au minimum."), field="salary_max")
    with transaction.atomic():
        job.company = company
        job.save()
        job.training_routes.set(training_routes)
    return job


def delete_job_profile(*, job: JobProfile) -> None:
    # Testimonials that presented this job keep their own job label (the link is SET_NULL).
    with transaction.atomic():
        job.delete()


# --- Demos --------------------------------------------------------------------------------------


def save_demo(*, company: Company, demo: Demo) -> Demo:
    with transaction.atomic():
        demo.company = company
        demo.save()
    return demo


def delete_demo(*, demo: Demo) -> None:
    with transaction.atomic():
        videos = [v for v in (demo.video, demo.pending_video) if v is not None]
        images = [photo.image for photo in demo.photos.all()]
        demo.delete()
        for video in videos:
            media.delete_video(video=video)
        transaction.on_commit(lambda: [image.storage.delete(image.name) for image in images])


def upload_demo_video(*, demo: Demo, upload, captions=None) -> Video:
    if demo.kind != Demo.Kind.VIDEO:
        raise ExhibitError(_("Cette démonstration est une série de photos, pas une vidéo."))
    if captions is None:
        # A demo has no publish step: its video goes online as soon as it is ready.
        raise ExhibitError(
            _(
                "Joignez les sous-titres (WebVTT) : la démonstration est mise en ligne dès que "
                "sa vidéo est prête."
            ),
            field="captions",
        )
    return _attach_upload(Demo, demo, upload=upload, captions=captions)


def replace_demo_captions(*, demo: Demo, file) -> Video:
    return _replace_captions(demo, file=file)


def add_demo_photo(*, demo: Demo, photo: DemoPhoto) -> DemoPhoto:
    if demo.kind != Demo.Kind.PHOTOS:
        raise ExhibitError(_("Cette démonstration est une vidéo : elle n'a pas de photos."))
    if not photo.alt_text.strip():
        raise ExhibitError(
            _("Décrivez la photo pour les personnes qui ne la voient pas."), field="alt_text"
        )
    with transaction.atomic():
        photo.demo = demo
        if not photo.position:
            last = demo.photos.aggregate(last=Max("position"))["last"]
            photo.position = (last or 0) + 1
        photo.save()
    return photo


def delete_demo_photo(*, photo: DemoPhoto) -> None:
    image = photo.image
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: image.storage.delete(image.name))


# --- Videos becoming ready (called from the media.video_ready signal) ---------------------------


def promote_ready_video(*, video: Video) -> None:
    """Put a freshly transcoded video online in place of the one it replaces."""
    with transaction.atomic():
        # Read again: captions may have come while the video was being converted.
        captioned = Video.objects.filter(pk=video.pk).exclude(captions="").exists()
        for model in (Testimonial, Demo):
            owners = model.objects.select_for_update().select_related("company")
            for owner in owners.filter(pending_video=video):
                if _online_at_once(owner):
                    if not captioned:
                        # Its captions were refused at upload: it waits, ready, for corrected
                        # ones (_replace_captions promotes it then); what is online stays online.
                        continue
                    if owner.awaiting_review and company_reviewed(company=owner.company):
                        # The exhibitor's upload waits, ready, for an organizer
                        # (publication.approve_video).
                        continue
                put_online(owner, video)


def put_online(owner, video: Video) -> None:
    """The ready `video` replaces the owner's one (deleted); in the caller's transaction."""
    replaced = owner.video
    owner.video, owner.pending_video = video, None
    fields = ["video", "pending_video"]
    if isinstance(owner, Testimonial) and owner.published:
        # Uploads to a published testimonial require captions; this is the last guard.
        owner.published = owner.can_be_published
        fields.append("published")
    owner.save(update_fields=fields)
    if replaced is not None:
        media.delete_video(video=replaced)


def _online_at_once(owner) -> bool:
    """A demo, or a published testimonial, shows its new video as soon as it is promoted."""
    return isinstance(owner, Demo) or (isinstance(owner, Testimonial) and owner.published)


# --- Shared video steps -------------------------------------------------------------------------


def _attach_upload(model, owner, *, upload, captions) -> Video:
    """Store and attach the upload. Bad captions do not cost the exhibitor a valid (maybe
    500 MB) video: it is kept without them and CaptionsRejected asks for a corrected file."""
    rejected = None
    if captions is not None:
        try:
            media.validate_captions(file=captions)
        except media.InvalidCaptions as error:
            rejected, captions = error, None
    # Validation and the (possibly large) file move happen before the transaction, so the
    # database is not locked while ffprobe runs; InvalidVideo leaves no trace.
    video = media.store_video(upload=upload, captions=captions)
    try:
        with transaction.atomic():
            current = model.objects.select_for_update().select_related("company").get(pk=owner.pk)
            replaced = current.pending_video
            current.pending_video = video
            # Under review, what would go public once converted waits for an organizer.
            current.awaiting_review = _online_at_once(current) and company_reviewed(
                company=current.company
            )
            current.review_refusal = ""
            current.save(update_fields=["pending_video", "awaiting_review", "review_refusal"])
            # Enqueued with the attachment, so the worker never finishes an unattached video.
            media.start_transcoding(video=video)
            if replaced is not None:
                media.delete_video(video=replaced)
    except model.DoesNotExist:
        media.delete_video(video=video)
        raise ExhibitError(_("Cet élément a été supprimé entre-temps.")) from None
    owner.pending_video = video
    if rejected is not None:
        raise CaptionsRejected(rejected.message, video=video)
    return video


def _replace_captions(owner, *, file) -> Video:
    """Captions go to the video being prepared if there is one, else to the published video."""
    pending = owner.pending_video
    if pending is not None and pending.status != Video.Status.FAILED:
        target = pending
    elif owner.video is not None:
        target = owner.video
    else:
        raise ExhibitError(_("Envoyez d'abord une vidéo, puis ses sous-titres."))
    video = media.set_captions(video=target, file=file)
    if target is pending and Video.objects.filter(pk=target.pk, status=Video.Status.READY).exists():
        promote_ready_video(video=target)  # it was held for these captions
    return video
