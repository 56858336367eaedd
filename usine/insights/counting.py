"""What a page reports of its visit through the counter (`count.js`): read, checked, recorded.

Pages shown to anonymous visitors come from nginx's front cache without reaching Django, so
their page and building views are counted from the counter's report. A visitor with a session
(a pupil in class, a signed-in account) never gets a cached page: the page counts its own visit
as it is rendered (`count_page`) and its counter sends no report of it, one request instead of
two for most of the fair's pages.
"""

import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.exhibits.models import Testimonial, shown_testimonials
from usine.fair.models import Building, Edition
from usine.forum.models import Talk
from usine.inputs import BadInput, parse_id

from .models import Kind
from .recording import buffered, known_open_edition, open_edition_id, record
from .visitors import device_of, device_of_browser, salt_known

# A report is a few short fields: anything longer is refused unread.
MAX_REPORT_BYTES = 1000
PAGES = {"town", "text", "building", "forum", "quiz", "home"}
# A report of time watched longer than a talk could last is a broken or forged one.
MAX_WATCHED_SECONDS = 4 * 3600


def count_visit(*, request, data: dict) -> None:
    kind = data.get("kind")
    edition_id = open_edition_id()
    if edition_id is None:
        return
    edition = Edition(pk=edition_id)
    device = device_of(data.get("width"))
    if kind == Kind.PAGE:
        page = data.get("page")
        if not isinstance(page, str) or page not in PAGES:
            raise BadInput(_("Page inconnue."))
        record(kind=Kind.PAGE, request=request, edition=edition, page=page, device=device)
    elif kind == Kind.BUILDING:
        _record_building(request, edition_id, _building(edition_id, data.get("building")), device)
    elif kind == Kind.TESTIMONIAL:
        testimonial = (
            Testimonial.objects.filter(shown_testimonials(), pk=parse_id(data.get("testimonial")))
            .select_related("job")
            .first()
        )
        building = (
            Building.objects.filter(edition_id=edition_id, company_id=testimonial.company_id)
            .values_list("pk", flat=True)
            .first()
            if testimonial is not None
            else None
        )
        if building is None:
            raise BadInput(_("Témoignage inconnu."))
        share = data.get("share")
        if isinstance(share, bool) or not isinstance(share, int | float):
            raise BadInput(_("La part regardée doit être un nombre."))
        record(
            kind=Kind.TESTIMONIAL,
            request=request,
            edition=edition,
            building=building,
            testimonial=testimonial,
            trade=testimonial.job.trade_id if testimonial.job_id else None,
            amount=round(min(max(float(share), 0), 100)),
            device=device,
        )
    elif kind == Kind.FORUM:
        _forum(request=request, edition=edition, data=data, device=device)
    else:
        raise BadInput(_("Type de visite inconnu."))


def count_known(*, request, data: dict) -> bool:
    """The quick way of a page's or a building's report from a visitor without a session: counted
    from what this process already holds (the open edition, its buildings, the day's salt) and
    into the buffer, without a query, so that the server answers it in its event loop. False,
    having counted nothing, for anything else: the usual way (`count_visit`) then answers it,
    its errors included."""
    kind = data.get("kind")
    if kind not in (Kind.PAGE, Kind.BUILDING) or not buffered():
        return False
    known, edition_id = known_open_edition()
    if not known:
        return False
    if edition_id is None:
        return True  # the fair is not on: nothing to count (as the usual way)
    at = timezone.now()
    if not salt_known(at):
        return False
    device = device_of(data.get("width"))
    if kind == Kind.PAGE:
        page = data.get("page")
        if not isinstance(page, str) or page not in PAGES:
            return False
        record(kind=Kind.PAGE, request=request, edition=edition_id, page=page, device=device, at=at)
        return True
    building = _known_building(edition_id, data.get("building"))
    if building is None:
        return False
    _record_building(request, edition_id, building, device, at=at)
    return True


def _record_building(request, edition_id: int, building: int, device: str, *, at=None) -> None:
    # A building's page is a page too (the devices' figures count pages).
    record(
        kind=Kind.PAGE, request=request, edition=edition_id, page="building", device=device, at=at
    )
    record(
        kind=Kind.BUILDING,
        request=request,
        edition=edition_id,
        building=building,
        device=device,
        at=at,
    )


def count_page(*, request, page: str, building=None) -> bool:
    """Count the page being rendered for `request` when it has a session (such pages are
    never front-cached, so each rendering is a visit); whether it did (its counter then reports
    only testimonials and the Forum's player). `building`: the building's page."""
    if request is None or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    edition_id = open_edition_id()
    if edition_id is None:
        return True  # the fair is not on: nothing to count, nor to report
    if page not in PAGES or (building is not None and building.edition_id != edition_id):
        return True  # another edition's building (an organizer's preview): not the fair's visit
    edition = Edition(pk=edition_id)
    device = device_of_browser(
        request.headers.get("User-Agent", ""), request.headers.get("Sec-CH-UA-Mobile", "")
    )
    record(kind=Kind.PAGE, request=request, edition=edition, page=page, device=device)
    if building is not None:
        record(
            kind=Kind.BUILDING, request=request, edition=edition, building=building, device=device
        )
    return True


def _forum(*, request, edition, data, device) -> None:
    """A Forum talk's player: once when it starts (0 s), then the seconds watched since the last
    report each time the page is hidden or left — live or replay."""
    slug = str(data.get("talk") or "")[:80]
    if not Talk.objects.filter(edition_id=edition.pk, slug=slug).exists():
        raise BadInput(_("Intervention inconnue."))
    replay = data.get("replay")
    seconds = data.get("seconds")
    if not isinstance(replay, bool):
        raise BadInput(_("Direct ou replay : réponse attendue vrai ou faux."))
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise BadInput(_("La durée regardée doit être un nombre."))
    record(
        kind=Kind.REPLAY if replay else Kind.FORUM,
        request=request,
        edition=edition,
        page=slug,
        amount=round(min(max(float(seconds), 0), MAX_WATCHED_SECONDS)),
        device=device,
    )


# The open edition's buildings by slug, read at most every ten seconds per process: a building's
# page is most of what the counter reports, and a query each time cost more than the rest of
# the count (bench/insights.py). A slug not found there (a building added since) is looked up.
_buildings = {"edition": None, "until": 0.0, "ids": {}}


def _building(edition_id, slug) -> int:
    slug = str(slug or "")[:80]
    if _buildings["edition"] != edition_id or _buildings["until"] < time.monotonic():
        _buildings["ids"] = dict(
            Building.objects.filter(edition_id=edition_id).values_list("slug", "pk")
        )
        _buildings["edition"], _buildings["until"] = edition_id, time.monotonic() + 10
    building = _buildings["ids"].get(slug)
    if building is None:
        building = (
            Building.objects.filter(edition_id=edition_id, slug=slug)
            .values_list("pk", flat=True)
            .first()
        )
    if building is None:
        raise BadInput(_("Bâtiment inconnu."))
    return building


def _known_building(edition_id, slug) -> int | None:
    """The building of `slug` if this process knows it now (no query), else None."""
    fresh = _buildings["edition"] == edition_id and _buildings["until"] >= time.monotonic()
    if not fresh or not isinstance(slug, str):
        return None
    return _buildings["ids"].get(slug[:80])


def forget() -> None:
    """Forget the buildings read (some were renamed or deleted: tests, `load_demo`)."""
    _buildings["until"] = 0.0
