"""Setting up an edition: creating it or copying the last one, opening it, placing its buildings
on the town's plots. Each function owns its transaction and raises FairError with a message."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import layout
from .errors import FairError
from .models import Building, Edition

# What a copy takes from its source: the town (buildings, their companies, places and looks),
# never classes, bookings, invitations or anyone's data, which belong to one edition.
COPIED_BUILDING_FIELDS = ("slug", "name", "company_id", "look", "x", "z", "orientation", "zone")


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise FairError(_("Le dernier jour précède le premier."), field="ends_on")
    if (ends_on - starts_on).days > 30:
        raise FairError(_("Une édition dure au plus un mois."), field="ends_on")


def create_edition(
    *,
    name: str,
    slug: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    copy_of: Edition | None = None,
) -> Edition:
    """A new draft edition; with `copy_of`, its town is a copy of that edition's."""
    _check_dates(starts_on, ends_on)
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                name=name, slug=slug, starts_on=starts_on, ends_on=ends_on
            )
            if copy_of is not None:
                Building.objects.bulk_create(
                    Building(
                        edition=edition,
                        **{field: getattr(source, field) for field in COPIED_BUILDING_FIELDS},
                    )
                    for source in copy_of.buildings.all()
                )
    except IntegrityError:
        raise FairError(_("Une édition porte déjà cet identifiant."), field="slug") from None
    return edition


def last_edition() -> Edition | None:
    """The edition to copy by default: the latest to start."""
    return Edition.objects.order_by("-starts_on", "-pk").first()


def open_edition_now(*, edition: Edition) -> None:
    """Makes `edition` the one visitors see; the one open before is archived."""
    with transaction.atomic():
        for previous in Edition.objects.select_for_update().filter(state=Edition.State.OPEN):
            if previous.pk != edition.pk:
                previous.state = Edition.State.ARCHIVED
                previous.save(update_fields=["state", "updated_at"])
        edition.state = Edition.State.OPEN
        edition.save(update_fields=["state", "updated_at"])


def move_building(*, building: Building, code: str) -> layout.Cell:
    """Places the building on the plot named `code` (e.g. "B4"), facing its street.

    Refused: an unknown square, the sea, a plot where another building of the edition stands.
    Every plot is a block bordered by streets (see layout), so a placed building is by a street.
    Saving the building forgets the town's cache (town/signals.py)."""
    target = layout.cell(code)
    if target is None:
        raise FairError(_("Choisissez un terrain de la carte."), field="plot")
    if not target.is_plot:
        raise FairError(
            _("%(code)s est en mer : un bâtiment se construit sur un terrain.")
            % {"code": target.code},
            field="plot",
        )
    with transaction.atomic():
        # One placement at a time per edition: two organizers cannot take the same plot.
        Edition.objects.select_for_update().filter(pk=building.edition_id).first()
        others = (
            Building.objects.filter(edition_id=building.edition_id)
            .exclude(pk=building.pk)
            .only("name", "x", "z")
        )
        for other in others:
            if layout.overlaps(x1=other.x, z1=other.z, x2=target.x, z2=target.z):
                raise FairError(
                    _("Le terrain %(code)s est déjà occupé par « %(name)s ».")
                    % {"code": target.code, "name": other.name},
                    field="plot",
                )
        building.x, building.z, building.zone = target.x, target.z, target.zone
        building.orientation = layout.entrance_orientation(x=target.x, z=target.z, zone=target.zone)
        building.save(update_fields=["x", "z", "zone", "orientation", "updated_at"])
    return target


def occupancy(*, edition: Edition) -> dict[str, Building]:
    """The plots taken by the edition's buildings, by the plot's code (a building placed off the
    grid, in the admin, takes every plot its footprint overlaps)."""
    taken: dict[str, Building] = {}
    for building in edition.buildings.order_by("name"):
        for cell in layout.CELLS:
            if layout.overlaps(x1=building.x, z1=building.z, x2=cell.x, z2=cell.z):
                taken.setdefault(cell.code, building)
    return taken
