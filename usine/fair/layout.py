"""The town's geometry, shared by the JSON API, the demo edition, the organizers' map and the
client.

Coordinates are metres: x to the east, z to the south. Land lies at z < COAST_Z, the sea beyond.
Buildings stand on a grid of GRID-metre blocks; streets run between blocks and the quay road runs
along the coast, so every footprint (at most FOOTPRINT metres wide) leaves a street around it.

The grid is cut into cells named like a map's squares: rows A, B, … from north to south, columns
1, 2, … from west to east. Land cells and the quay row are plots a building may stand on (each is
a block bordered by streets, or by the quay road); the last row is the sea.
"""

import string
from dataclasses import dataclass

COAST_Z = 60.0
GRID = 40.0
FOOTPRINT = 26.0
MARGIN = 40.0

# Centres of the columns and of the land rows; the quay row stands between the last land row and
# the coast, the sea row beyond it.
COLUMNS_X = tuple(-220.0 + GRID * i for i in range(12))
LAND_ROWS_Z = tuple(-200.0 + GRID * i for i in range(6))
QUAY_Z = 36.0
SEA_Z = COAST_Z + GRID / 2

LAND, QUAY, SEA = "land", "quay", "sea"


@dataclass(frozen=True)
class Cell:
    code: str
    row: int
    column: int
    x: float
    z: float
    kind: str

    @property
    def is_plot(self) -> bool:
        return self.kind != SEA

    @property
    def zone(self) -> str:
        """The building's zone (fair.models.Building.Zone) on this plot."""
        return "sea_front" if self.kind == QUAY else "land"


def _rows() -> list[tuple[float, str]]:
    return [*((z, LAND) for z in LAND_ROWS_Z), (QUAY_Z, QUAY), (SEA_Z, SEA)]


CELLS: tuple[Cell, ...] = tuple(
    Cell(
        code=f"{string.ascii_uppercase[row]}{column + 1}",
        row=row,
        column=column,
        x=x,
        z=z,
        kind=kind,
    )
    for row, (z, kind) in enumerate(_rows())
    for column, x in enumerate(COLUMNS_X)
)
CELLS_BY_CODE = {cell.code: cell for cell in CELLS}
ROW_COUNT = len(_rows())
COLUMN_COUNT = len(COLUMNS_X)

# The map's frame: the grid, half a block around it, the sea's row to the south.
MIN_X = COLUMNS_X[0] - GRID / 2
MAX_X = COLUMNS_X[-1] + GRID / 2
MIN_Z = LAND_ROWS_Z[0] - GRID / 2
MAX_Z = SEA_Z + GRID / 2


def cell(code: str) -> Cell | None:
    return CELLS_BY_CODE.get(code.strip().upper()) if isinstance(code, str) else None


def cell_at(*, row: int, column: int) -> Cell | None:
    if 0 <= row < ROW_COUNT and 0 <= column < COLUMN_COUNT:
        return CELLS[row * COLUMN_COUNT + column]
    return None


def nearest_cell(*, x: float, z: float) -> Cell:
    return min(CELLS, key=lambda c: (c.x - x) ** 2 + (c.z - z) ** 2)


def overlaps(*, x1: float, z1: float, x2: float, z2: float) -> bool:
    """Whether two footprints centred there touch (each is at most FOOTPRINT wide)."""
    return abs(x1 - x2) < FOOTPRINT and abs(z1 - z2) < FOOTPRINT


def entrance_orientation(*, x: float, z: float, zone: str) -> float:
    """Degrees around +y (three.js rotation.y) that turn a building's front, modelled facing +z,
    toward a street.

    0 faces south (+z), 90 east (+x), 180 north (-z), 270 west (-x). Quay buildings face the
    quay road (north) with their water side to the sea; the front land row faces the quay road;
    the two middle rows face each other across the street at z = -60; the back rows face the
    avenue that runs north-south at x = 0.
    """
    if zone == "sea_front":
        return 180.0
    if z >= 0:
        return 0.0
    if z >= -40:
        return 180.0
    if z >= -80:
        return 0.0
    return 90.0 if x < 0 else 270.0
