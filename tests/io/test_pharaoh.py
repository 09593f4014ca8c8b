import pytest

from xproj_core.errors import XprojError
from xproj_core.io.pharaoh import format_links, parse_links, read_pharaoh, write_pharaoh
from xproj_core.io.tokpairs import read_token_pairs


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


def test_silveralign_indexed_real_file(shared_data):
    base = shared_data / "word-alignment-gold/silveralign/eng_deu/Silver_Small"
    gold = read_pharaoh(base / "gold.txt", n_pairs=227)
    assert len(gold) == 227
    assert gold[0] == (frozenset({(14, 11)}), frozenset())
    assert gold[1][0] == {(12, 7), (13, 8)}
    pairs = read_token_pairs(base / "parallel.txt")
    assert all(i < len(src) and j < len(tgt) for (sure, _), (src, tgt) in zip(gold, pairs) for i, j in sure)


def test_gold_writer_keeps_possible_links(tmp_path):
    from xproj_core.io.pharaoh import write_pharaoh_gold

    path = tmp_path / "g.pharaoh"
    gold = [(frozenset({(0, 0)}), frozenset({(1, 2)})), (frozenset(), frozenset())]
    write_pharaoh_gold(path, gold, one_indexed=True)
    assert path.read_text() == "1-1 2p3\n\n"
    assert read_pharaoh(path, one_indexed=True) == gold


def test_awesome_align_gold_real_file(shared_data):
    gold = read_pharaoh(shared_data / "word-alignment-gold/awesome-align/enfr.gold", one_indexed=True)
    assert len(gold) == 447
    assert gold[0] == (frozenset({(0, 0), (1, 1)}), frozenset())
    assert sum(len(p) for _, p in gold) > 0
