"""The page header of a report shows no absolute path of the machine that rendered it."""

from __future__ import annotations

from dxcompare.reporting.htmlexport import _display


def test_absolute_paths_show_their_last_part_and_output_dir_its_place_in_the_output():
    assert _display("/home/lan/du_lieu/tinh_thanh", "corpus_path") == "tinh_thanh"
    assert _display("/tmp/bao-cao-2024/data/summary", "output_dir") == "data/summary"
    assert _display("/srv/khac/data/summary", "output_dir") == "data/summary"  # any folder name
    assert _display("../seeds", "corpus_path") == "../seeds"  # relative: as given
    assert _display(None, "provinces") == "None"
    assert _display(["Cần Thơ", "Lai Châu"], "provinces") == "['Cần Thơ', 'Lai Châu']"
