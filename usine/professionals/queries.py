"""Read-side queries of the professionals' domain, light enough for every page's checks."""

from usine.fair.models import Edition
from usine.fair.queries import open_edition

from .models import Professional


def profile_for(*, user, edition: Edition | None = None) -> Professional | None:
    """The user's profile for the edition (default: the open one), or None."""
    if not user.is_authenticated:
        return None
    edition = edition or open_edition()
    if edition is None:
        return None
    return (
        Professional.objects.filter(user=user, edition=edition)
        .select_related("job__company", "trade", "company", "edition")
        .first()
    )
