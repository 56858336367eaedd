"""A table of figures as every dashboard shows it: rows of cells, small counts already hidden.
The same object draws the chart, the screen readers' table and the CSV export, and is what an
edition keeps (as JSON) once its raw answers are purged."""

from dataclasses import asdict, dataclass, field

from .suppression import Cell, hidden_cells, shown

# Enough for every hour of a fair day (7 h to 22 h and more) and a long ranking's head.
CHART_BARS = 24
LABEL_CHARS = 40  # what the chart's label column holds at its font size
BAR_X = 330
BAR_SPAN = 380
BAR_HEIGHT = 26


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    # Which column the bar chart draws (None: no chart, the table alone).
    chart: int | None = 0
    # Count columns drawn end to end in the chart (see `bars`); empty: `chart` alone.
    stacked: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        rows = [Row(row["label"], [Cell(**cell) for cell in row["cells"]]) for row in data["rows"]]
        return cls(**{**data, "rows": rows})

    @property
    def bars(self) -> list[dict]:
        """The chart's bars (the first CHART_BARS rows), laid out in the SVG's own units: the
        label on the left, the bar from BAR_X over at most BAR_SPAN, its figure after it. A
        stacked chart puts every count column of a row end to end (e.g. pupils, then the others),
        so the length reads as their sum without a total that a subtraction could undo."""
        if self.chart is None:
            return []
        rows = self.rows[:CHART_BARS]
        columns = self.stacked or [self.chart]
        values = [[row.cells[c].value for c in columns] for row in rows]
        longest = max((sum(abs(v or 0) for v in row) for row in values), default=0) or 1
        bars = []
        for index, (row, parts) in enumerate(zip(rows, values, strict=True)):
            x = BAR_X
            segments = []
            for number, value in enumerate(parts):
                width = 0 if value is None else round(BAR_SPAN * abs(value) / longest, 1)
                if width:
                    segments.append({"x": _svg(x), "width": _svg(width), "part": number})
                x += width
            bars.append(
                {
                    "label": _short(row.label),
                    "text": " + ".join(row.cells[c].text for c in columns),
                    "segments": segments,
                    "text_x": _svg(x + 8),
                    "y": index * BAR_HEIGHT + 4,
                    "text_y": index * BAR_HEIGHT + BAR_HEIGHT - 8,
                }
            )
        return bars

    @property
    def chart_height(self) -> int:
        return len(self.rows[:CHART_BARS]) * BAR_HEIGHT


def _short(label: str) -> str:
    """A chart label that fits before the bars (the table below has it whole)."""
    if len(label) <= LABEL_CHARS:
        return label
    return label[: LABEL_CHARS - 1].rstrip() + "…"


def _svg(number: float) -> str:
    """A coordinate as SVG reads it: a decimal point whatever the page's language (templates
    would localise a float to "338,5")."""
    return f"{number:.1f}"


def people_columns(labels: list[str], columns: list[list[int]]) -> list[list[Cell]]:
    """Counts of people, one list per column: each column protected on its own."""
    protected = []
    for values in columns:
        hidden = hidden_cells(values)
        protected.append([shown(v, hidden=i in hidden) for i, v in enumerate(values)])
    return [[column[i] for column in protected] for i in range(len(labels))]


def plain(value, *, decimals: int = 0) -> Cell:
    """A figure that counts no person (buildings, testimonials published…): always shown."""
    return shown(value, hidden=False, decimals=decimals)


def table_of(
    key, title, columns, labels, values, *, note="", chart=0, extra=None, stacked=()
) -> Table:
    """A table whose `values` (one list per column) count people; `extra(i, cells)` may add
    cells (means…) to row i, computed from the row's protected counts."""
    rows_cells = people_columns(labels, values) if labels else []
    rows = []
    for index, (label, cells) in enumerate(zip(labels, rows_cells, strict=True)):
        if extra is not None:
            cells = cells + extra(index, cells)
        rows.append(Row(str(label), cells))
    return Table(
        key=key,
        title=str(title),
        columns=[str(c) for c in columns],
        rows=rows,
        note=str(note),
        chart=chart,
        stacked=list(stacked),
    )
