"""Read-side queries: the public building page, and the companies, jobs and trades of an edition."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from usine.fair.models import Building, Edition
from usine.media.models import Video
from usine.organizers import is_organizer

from .models import (
    Company,
    Demo,
    Exhibitor,
    JobProfile,
    Testimonial,
    Trade,
    TrainingRoute,
    shown_testimonials,
)
from .trades import reading_order


def open_building(*, slug: str, edition: Edition | None) -> Building:
    """The building of `edition`, the one visitors see (fair.queries.shown_edition: the open
    one, or the last archived after the fair, whose buildings stay open)."""
    building = (
        Building.objects.select_related("company", "edition")
        .filter(edition=edition, slug=slug)
        .first()
        if edition is not None
        else None
    )
    if building is None:
        raise Http404(_("Ce bâtiment n'existe pas dans la ville."))
    return building


def published_testimonials(*, company: Company):
    return Testimonial.objects.filter(shown_testimonials(), company=company).select_related(
        "video", "job__trade"
    )


def job_profiles(*, company: Company):
    return company.job_profiles.prefetch_related(
        Prefetch(
            "training_routes", queryset=TrainingRoute.objects.order_by("duration_years", "name")
        )
    )


def demos(*, company: Company):
    # A video demo shows once its video is ready; a photo series once it has photos.
    shown = Q(kind=Demo.Kind.VIDEO, video__status="ready") | Q(
        kind=Demo.Kind.PHOTOS, photos__isnull=False
    )
    return company.demos.filter(shown).distinct().select_related("video").prefetch_related("photos")


def edition_companies(*, edition: Edition) -> QuerySet[Company]:
    """The companies with a building in the edition."""
    return Company.objects.filter(buildings__edition=edition).distinct().order_by("name")


def edition_jobs(*, edition: Edition) -> QuerySet[JobProfile]:
    """The job profiles shown in the edition's buildings: those classes may ask to discover and
    professionals may come to talk about."""
    return (
        JobProfile.objects.filter(company__buildings__edition=edition)
        .select_related("company")
        .distinct()
        .order_by("title", "company__name")
    )


def edition_trades(*, edition: Edition) -> QuerySet[Trade]:
    """The trades the edition's companies present: those a class may wish to discover."""
    return (
        Trade.objects.filter(job_profiles__company__buildings__edition=edition)
        .distinct()
        .order_by("family", "name")
    )


def trades_by_family(trades) -> list[tuple[str, list]]:
    """(family label, trades) in the catalogue's order of families, for grouped lists; within a
    family, trades in the reading order of the name shown (English names in English)."""
    order = {value: index for index, value in enumerate(Trade.Family.values)}
    groups: dict[str, list] = {}
    for trade in sorted(
        trades, key=lambda t: (order.get(t.family, len(order)), reading_order(t.label))
    ):
        groups.setdefault(trade.family, []).append(trade)
    return [(Trade.Family(family).label, members) for family, members in groups.items()]


def followed_video(*, user, video_id: int) -> Video | None:
    """The video if `user` may follow its conversion: organizers any, exhibitors their company's
    (testimonials and demos, online or pending), nobody else. The caller answers 404, not 403,
    so that the ids of other companies' videos reveal nothing."""
    if not user.is_authenticated:
        return None
    if is_organizer(user):
        return Video.objects.filter(pk=video_id).first()
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


def company_uploaded_video(*, user, source: str) -> bool:
    """Whether `source` (a storage name) is the original upload of a testimonial's or demo's
    video of the company `user` exhibits for."""
    exhibitor = Exhibitor.objects.filter(user=user).only("company_id").first()
    if exhibitor is None:
        return False
    videos = Video.objects.filter(source=source)
    owned = Q(video__in=videos) | Q(pending_video__in=videos)
    return (
        Testimonial.objects.filter(owned, company_id=exhibitor.company_id).exists()
        or Demo.objects.filter(owned, company_id=exhibitor.company_id).exists()
    )
