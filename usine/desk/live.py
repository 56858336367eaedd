"""What a desk page's live part shows (who is here, the questions and their answers), as a short
version string that changes whenever it does: the page's script reads it every few seconds from a
small JSON answer and fetches the page again only when it moved."""

import hashlib

from django.db.models import Count, Max, Q, QuerySet

from .models import DeskQuestion


def version(questions: QuerySet[DeskQuestion], *, slots=()) -> str:
    """One aggregate query over the questions the page lists (asked, reviewed, answered,
    published or taken out of the FAQ: each moves a count or a latest time) and the presence
    slots it shows (`slots`: their ids, in the page's order)."""
    states = {state: Count("pk", filter=Q(state=state)) for state in DeskQuestion.State.values}
    figures = questions.order_by().aggregate(
        **states,
        published=Count("published_at"),
        asked=Max("created_at"),
        moderated=Max("moderated_at"),
        last_answer=Max("answered_at"),
        in_faq=Max("published_at"),
    )
    seen = repr((sorted(figures.items()), list(slots)))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]
