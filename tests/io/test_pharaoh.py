import pytest

from xproj_core.errors import XprojError
from xproj_core.io.pharaoh import format_links, parse_links, read_pharaoh, write_pharaoh


def test_parse_sure_and_possible_one_indexed():
    sure, possible = parse_links("1-1 2p3 2-2", one_indexed=True)
    assert sure == {(0, 0), (1, 1)} and possible == {(1, 2)}


def test_per_line_and_indexed_layouts(tmp_path):
    per_line = tmp_path / "a.pharaoh"
    per_line.write_text("0-0 1-1\n\n0p1\n")
    assert read_pharaoh(per_line) == [
        (frozenset({(0, 0), (1, 1)}), frozenset()),
        (frozenset(), frozenset()),
        (frozenset(), frozenset({(0, 1)})),
    ]
    indexed = tmp_path / "b.txt"
    indexed.write_text("0\t0-0\n2\t1-0\n")
    assert [s for s, _ in read_pharaoh(indexed, n_pairs=4)] == [{(0, 0)}, set(), {(1, 0)}, set()]


def test_round_trip(tmp_path):
    path = tmp_path / "out.pharaoh"
    write_pharaoh(path, [{(1, 0), (0, 0)}, set()], one_indexed=True)
    assert path.read_text() == "1-1 2-1\n\n"
    assert [s for s, _ in read_pharaoh(path, one_indexed=True)] == [{(0, 0), (1, 0)}, set()]
    assert format_links({(0, 1)}, {(0, 1), (2, 2)}) == "0-1 2p2"


def test_bad_link_names_file_and_line(tmp_path):
    path = tmp_path / "bad.pharaoh"
    path.write_text("0-0\n0-x\n")
    with pytest.raises(XprojError, match=r"\[E009\] .*bad.pharaoh:2: .*'0-x'"):
        read_pharaoh(path)
    with pytest.raises(XprojError, match="not 1-indexed"):
        parse_links("0-1", one_indexed=True)
