"""A round table's filter graph (run by ffmpeg in tests/forum/test_packager.py)."""

from pathlib import Path

import pytest

from usine.forum import composition


def test_the_tiles_make_a_grid_on_the_canvas():
    assert composition.tile_positions(2) == [(0, 135), (480, 135)]
    assert composition.tile_positions(3) == [(0, 0), (480, 0), (240, 270)]
    assert composition.tile_positions(4) == [(0, 0), (480, 0), (0, 270), (480, 270)]


@pytest.mark.parametrize("count", [0, 1, 5])
def test_a_composition_has_two_to_four_tiles(count):
    with pytest.raises(ValueError, match=f"not {count}"):
        composition.filter_graph(name_files=[Path(f"/n{i}") for i in range(count)])


def test_names_are_read_from_files_whose_paths_are_quoted_for_the_graph():
    graph = composition.filter_graph(name_files=[Path("/a:b/it's"), Path("/x,y;z[1]")])

    assert "textfile=/a\\:b/it\\'s[t0]" in graph
    assert "textfile=/x\\,y\\;z\\[1\\][t1]" in graph
    assert "expansion=none" in graph  # a name with % is written as it is
    assert "[t0][t1]xstack=inputs=2:layout=0_135|480_135:fill=black" in graph
    assert graph.endswith(
        "[0:a:0][1:a:0]amix=inputs=2:duration=longest:dropout_transition=0:normalize=0,"
        "asplit=3[a0][a1][a2]"
    )
