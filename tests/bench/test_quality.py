"""The quality benches: their extra parallel text, and their grids as sweep configs (checked without running)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from xproj_core.sweep import group_cells, parse_config

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture()
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    yield
    for name in ("quality_common", "quality_bambara", "quality_europarl"):
        sys.modules.pop(name, None)


def test_write_parallel_text(tmp_path: Path, bench) -> None:
    from quality_common import write_parallel_text

    (tmp_path / "a.eng").write_text("Hello, world!\n\nBye.\n", encoding="utf-8")
    (tmp_path / "a.deu").write_text("Hallo, Welt!\nleer\nTschüss.\n", encoding="utf-8")
    out = tmp_path / "extra.txt"
    assert write_parallel_text([(tmp_path / "a.eng", tmp_path / "a.deu")], out) == 2
    assert out.read_text(encoding="utf-8").splitlines() == ["Hello , world ! ||| Hallo , Welt !", "Bye . ||| Tschüss ."]


def test_bambara_grid_is_one_sweep(tmp_path: Path, bench) -> None:
    import quality_bambara as q

    extra = tmp_path / "extra.txt"
    extra.write_text("a ||| b\nc ||| d\n", encoding="utf-8")
    aligners = q.aligner_names(2)
    groups = group_cells(parse_config(q.config(list(q.LABELLERS), aligners, extra), "bambara"))
    cells = [c for g in groups for c in g.cells]
    assert len(groups) == 3 and len(cells) == len(q.LABELLERS) * 3 * 10
    eflomal = next(g for g in groups if g.aligner.component.spec == "eflomal")
    assert (eflomal.n, eflomal.parallel_spec) == (2, str(extra))
    assert {c.source_labels.label for c in cells} >= {"spacy-map(map=NORP=LOC,model=sm)", "e5-conll"}


def test_europarl_grid_names_its_aligners(bench) -> None:
    import quality_europarl as q

    groups = group_cells(parse_config(q.config(["de"], {"e5"}, q.settings()), "europarl"))
    names = {q.aligner_name(g.cells[0]) for g in groups}
    assert len(groups) == 12 and "e5-L6-word-softmax" in names and len(groups[0].cells) == 25
    raw = q.config(["es"], {"e5"}, q.presets(["align_ner"]), only="e5-L8-subword-itermax")
    presets = group_cells(parse_config(raw, "presets"))
    assert [q.aligner_name(c) for g in presets for c in g.cells] == ["e5-L8-subword-itermax"]
