"""Whether what an exhibitor publishes waits for the organizers: the rule, in one place.

An edition may require review (`Edition.review_publications`: the public is minors). Then a
change of the company's public face waits as a CompanyDraft (publication.py), and so does every
video about to go public — a testimonial's publication, the new video of a published testimonial,
a demo's video: it waits, ready, with `awaiting_review` set, until an organizer approves it
(`publication.approve_video`); the public keeps what it saw before.
"""

from usine.fair.models import Building, Edition

from .models import Company


def current_building(*, company: Company) -> Building | None:
    """The building the exhibitor edits: in the open edition, else the latest one not archived."""
    return (
        company.buildings.select_related("edition")
        .filter(edition__state__in=[Edition.State.OPEN, Edition.State.DRAFT])
        .order_by("-edition__state", "-edition__starts_on")  # "open" sorts after "draft"
        .first()
    )


def review_required(*, building: Building | None) -> bool:
    return building is not None and building.edition.review_publications


def company_reviewed(*, company: Company) -> bool:
    """Whether the company's publications wait for an organizer."""
    return review_required(building=current_building(company=company))
