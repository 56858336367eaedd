"""Who may see a video's processing state: staff, and the exhibitors of the company using it."""

from django.db.models import Q

from .models import Video


def owned_video(*, user, video_id: int) -> Video | None:
    """The video if `user` may follow it, else None (the caller answers 404, not 403, so that
    the ids of other companies' videos reveal nothing)."""
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Video.objects.filter(pk=video_id).first()
    # Imported here: exhibits uses media, media only looks back for this permission check.
    from usine.exhibits.models import Demo, Exhibitor, Testimonial

    exhibitor = Exhibitor.objects.filter(user=user).select_related("company").first()
    if exhibitor is None:
        return None
    uses_it = Q(video_id=video_id) | Q(pending_video_id=video_id)
    company = exhibitor.company
    if (
        Testimonial.objects.filter(uses_it, company=company).exists()
        or Demo.objects.filter(uses_it, company=company).exists()
    ):
        return Video.objects.filter(pk=video_id).first()
    return None
