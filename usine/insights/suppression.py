"""The < 10 rule: a figure counting fewer than ten people is never shown, and cannot be found
again by subtracting what is shown from a total.

Primary suppression hides every count under THRESHOLD. Complementary suppression then hides
the smallest shown counts of the same series until the hidden ones add up to at least
THRESHOLD: the total minus the shown counts only ever gives a group of ten or more, never one
small group. A series is one line of a table (its cells add up to its total); the dashboards
publish no cross-table whose lines and columns would let hidden cells be solved for together.
"""

from dataclasses import dataclass

THRESHOLD = 10
HIDDEN_TEXT = "< 10"


def hidden_cells(values: list[int]) -> set[int]:
    """The indexes of `values` to hide."""
    hidden = {index for index, value in enumerate(values) if value < THRESHOLD}
    if not hidden:
        return hidden
    shown = sorted((value, index) for index, value in enumerate(values) if index not in hidden)
    hidden_sum = sum(values[index] for index in hidden)
    for value, index in shown:
        if hidden_sum >= THRESHOLD:
            break
        hidden.add(index)
        hidden_sum += value
    return hidden


@dataclass
class Cell:
    value: int | float | None  # None when hidden
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


def shown(value, *, hidden: bool, decimals: int = 0) -> Cell:
    if hidden or value is None:
        return Cell(None, HIDDEN_TEXT)
    if decimals:
        return Cell(round(value, decimals), f"{value:.{decimals}f}".replace(".", ","))
    return Cell(int(value), f"{int(value):,}".replace(",", "\u202f"))


def total_cell(total: int) -> Cell:
    return shown(total, hidden=total < THRESHOLD)
