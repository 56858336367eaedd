"""The < 10 rule, and the subtraction attacks it must resist."""

import itertools
import random

from usine.insights.suppression import HIDDEN_TEXT, THRESHOLD, hidden_cells, shown
from usine.insights.tables import people_columns


def test_counts_under_ten_are_hidden_and_the_rest_shown():
    assert hidden_cells([50, 40, 30]) == set()
    assert shown(9, hidden=True).text == HIDDEN_TEXT
    assert shown(1234, hidden=False).text == "1\u202f234"


def test_one_small_cell_takes_the_smallest_other_with_it():
    # Without the second cell, 93 - 50 - 40 would give the hidden 3.
    assert hidden_cells([50, 3, 40]) == {1, 2}


def test_small_cells_adding_up_to_ten_protect_each_other():
    assert hidden_cells([100, 6, 5, 80]) == {1, 2}


def test_small_cells_adding_up_to_less_than_ten_take_the_smallest_other():
    assert hidden_cells([100, 2, 3, 80, 12]) == {1, 2, 4}


def test_zero_is_hidden_too():
    assert hidden_cells([0, 25, 30]) == {0, 1}


def test_all_small_all_hidden():
    assert hidden_cells([1, 2, 3]) == {0, 1, 2}


def _attacker_learns(values, hidden):
    """What a reader who knows the column's total learns by subtracting the shown cells."""
    return sum(values) - sum(v for i, v in enumerate(values) if i not in hidden)


def test_subtracting_the_shown_cells_from_the_total_never_gives_a_small_group():
    rng = random.Random(16)
    for _ in range(5000):
        values = [
            rng.choice([0, 1, 2, 5, 9, 10, 11, 15, 40, 300]) for _ in range(rng.randint(1, 8))
        ]
        hidden = hidden_cells(values)
        for index, value in enumerate(values):
            if value < THRESHOLD:
                assert index in hidden, values
        if hidden:
            assert _attacker_learns(values, hidden) >= THRESHOLD or len(hidden) == len(values)
            if len(hidden) < len(values):
                assert len(hidden) >= 2, values


def test_the_difference_of_two_totals_of_one_column_is_protected_too():
    # Two totals of the same column (e.g. all the fair's pupils, and the pupils of all the
    # départements but one) differ by one cell: that cell and its complement are hidden.
    values = [120, 7, 64, 33]
    hidden = hidden_cells(values)
    for left, right in itertools.combinations(range(len(values)), 2):
        if left in hidden and right in hidden:
            # Only their sum can be had, and it counts ten people or more.
            assert values[left] + values[right] >= THRESHOLD


def test_every_column_is_protected_on_its_own():
    rows = people_columns(["a", "b", "c"], [[50, 3, 40], [12, 30, 45]])
    assert [[cell.text for cell in row] for row in rows] == [
        ["50", "12"],
        [HIDDEN_TEXT, "30"],
        [HIDDEN_TEXT, "45"],
    ]
