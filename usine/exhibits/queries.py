"""Read-side queries for the public building page."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from usine.fair.models import Building, Edition

from .models import Company, Demo, Testimonial, TrainingRoute


def open_building(*, slug: str) -> Building:
    building = (
        Building.objects.select_related("company", "edition")
        .filter(edition__state=Edition.State.OPEN, slug=slug)
        .first()
    )
    if building is None:
        raise Http404(_("Ce bâtiment n'existe pas dans la ville."))
    return building


def published_testimonials(*, company: Company):
    return (
        Testimonial.objects.filter(company=company, published=True, video__status="ready")
        .exclude(video__captions="")
        .select_related("video", "job")
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
