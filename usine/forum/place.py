"""Where the Forum's auditorium stands in the town.

The Forum is no company's building: it takes the free plot of the town's grid nearest the middle
of the edition's buildings, facing its street like them. An organizer who builds on that plot
moves the Forum to the next free one; a town with no free plot left shows the Forum only in its
lists (the text view, the panel, the pages).
"""

from dataclasses import dataclass

from usine.fair import layout

# The middle of the land when an edition has no building yet.
DEFAULT_CENTRE = (0.0, -80.0)


@dataclass(frozen=True)
class Site:
    x: float
    z: float
    orientation: float
    zone: str


def forum_site(*, buildings) -> Site | None:
    """The Forum's plot among `buildings` (anything with x and z), or None if none is free."""
    taken = [(building.x, building.z) for building in buildings]
    if taken:
        centre = (sum(x for x, _z in taken) / len(taken), sum(z for _x, z in taken) / len(taken))
    else:
        centre = DEFAULT_CENTRE
    free = [
        cell
        for cell in layout.CELLS
        if cell.kind == layout.LAND
        and not any(layout.overlaps(x1=cell.x, z1=cell.z, x2=x, z2=z) for x, z in taken)
    ]
    if not free:
        return None
    best = min(
        free,
        key=lambda cell: (
            (cell.x - centre[0]) ** 2 + (cell.z - centre[1]) ** 2,
            cell.row,
            cell.column,
        ),
    )
    return Site(
        x=best.x,
        z=best.z,
        orientation=layout.entrance_orientation(x=best.x, z=best.z, zone=best.zone),
        zone=best.zone,
    )
