from usine.fair import layout


def test_the_grid_has_land_rows_a_quay_row_and_the_sea_beyond_the_coast():
    assert len(layout.CELLS) == 8 * 12
    assert [layout.cell_at(row=r, column=0).kind for r in range(8)] == [
        *["land"] * 6,
        "quay",
        "sea",
    ]
    sea = layout.cell("h1")
    assert (sea.code, sea.is_plot, sea.z > layout.COAST_Z) == ("H1", False, True)
    quay = layout.cell("G3")
    assert (quay.x, quay.z, quay.zone, quay.is_plot) == (-140.0, 36.0, "sea_front", True)


def test_the_demo_town_stands_on_plots():
    # The demo's rows (z = -120 … 0, quay 36) and columns (x = -140 … 140) are squares of the grid.
    assert layout.nearest_cell(x=-140.0, z=-120.0).code == "C3"
    assert layout.nearest_cell(x=140.0, z=36.0).code == "G10"


def test_unknown_names_are_no_square():
    assert [layout.cell(code) for code in ("", "Z9", "A13", "A0", None)] == [None] * 5
    assert layout.cell_at(row=8, column=0) is None
    assert layout.cell_at(row=0, column=-1) is None


def test_footprints_overlap_only_closer_than_a_footprint():
    assert layout.overlaps(x1=0, z1=0, x2=25, z2=0)
    assert not layout.overlaps(x1=0, z1=0, x2=40, z2=0)
