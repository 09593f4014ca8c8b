"""The quality benches: their extra parallel text, their grids as sweep configs (checked without running), and
the stored alignments and per-process tagger memo of the result tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench import quality_bambara, quality_europarl
from bench.quality_common import MemoTagger, StoredAligner, write_parallel_text
from xproj_core.store import Store
from xproj_core.sweep import group_cells, parse_config
from xproj_core.types import Alignment, SentencePair


def test_write_parallel_text(tmp_path: Path) -> None:

    (tmp_path / "a.eng").write_text("Hello, world!\n\nBye.\n", encoding="utf-8")
    (tmp_path / "a.deu").write_text("Hallo, Welt!\nleer\nTschüss.\n", encoding="utf-8")
    out = tmp_path / "extra.txt"
    assert write_parallel_text([(tmp_path / "a.eng", tmp_path / "a.deu")], out) == 2
    assert out.read_text(encoding="utf-8").splitlines() == ["Hello , world ! ||| Hallo , Welt !", "Bye . ||| Tschüss ."]


def test_bambara_grid_is_one_sweep(tmp_path: Path) -> None:
    q = quality_bambara

    extra = tmp_path / "extra.txt"
    extra.write_text("a ||| b\nc ||| d\n", encoding="utf-8")
    aligners = q.aligner_names(2)
    groups = group_cells(parse_config(q.config(list(q.LABELLERS), aligners, extra), "bambara"))
    cells = [c for g in groups for c in g.cells]
    assert len(groups) == 3 and len(cells) == len(q.LABELLERS) * 3 * 10
    eflomal = next(g for g in groups if g.aligner.component.spec == "eflomal")
    assert (eflomal.n, eflomal.parallel_spec) == (2, str(extra))
    assert {c.source_labels.label for c in cells} >= {"spacy-map(map=NORP=LOC,model=sm)", "e5-conll"}


def test_europarl_grid_names_its_aligners() -> None:
    q = quality_europarl

    groups = group_cells(parse_config(q.config(["de"], {"e5"}, q.settings()), "europarl"))
    names = {q.aligner_name(g.cells[0]) for g in groups}
    assert len(groups) == 12 and "e5-L6-word-softmax" in names and len(groups[0].cells) == 25
    raw = q.config(["es"], {"e5"}, q.presets(["align_ner"]), only="e5-L8-subword-itermax")
    presets = group_cells(parse_config(raw, "presets"))
    assert [q.aligner_name(c) for g in presets for c in g.cells] == ["e5-L8-subword-itermax"]


class CountingAligner:
    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def signature(self) -> str:
        return "counting(v=1)"

    def align(self, pairs, progress=False):
        self.calls += 1
        return [Alignment(np.full((len(p.src_tokens), len(p.tgt_tokens)), 1 / 3), frozenset({(0, 0)})) for p in pairs]


def test_stored_aligner_aligns_once_across_processes(tmp_path: Path) -> None:
    pairs = [SentencePair("0", "en", "de", ["a", "b"], ["x"]), SentencePair("1", "en", "de", ["c"], ["y", "z"])]
    first, second = CountingAligner(), CountingAligner()
    computed = StoredAligner(first, Store(tmp_path / "q.sqlite")).align(pairs)
    read_back = StoredAligner(second, Store(tmp_path / "q.sqlite")).align(pairs)  # a later run: a fresh Store
    assert (first.calls, second.calls) == (1, 0)
    assert all(np.array_equal(a.scores, b.scores) and a.links == b.links for a, b in zip(computed, read_back))
    StoredAligner(second, Store(tmp_path / "q.sqlite")).align(pairs[:1])  # other sentences: aligned
    assert second.calls == 1


class CountingTagger:
    labels = ["O", "B-PER", "I-PER"]

    def __init__(self, name: str) -> None:
        self.name, self.tagged = name, []

    def probabilities(self, sentences):
        self.tagged += [tuple(s) for s in sentences]
        return [np.array([[0.1, 0.8, 0.1]] + [[0.1, 0.1, 0.8]] * (len(s) - 1)) for s in sentences]


def test_memo_tagger_tags_each_sentence_once_per_name(monkeypatch) -> None:
    monkeypatch.setattr(MemoTagger, "MEMO", {})
    first, again, other = CountingTagger("t"), CountingTagger("t"), CountingTagger("u")
    assert MemoTagger(first).tag([["Ann"], ["Bo", "b"]]) == [["B-PER"], ["B-PER", "I-PER"]]
    assert MemoTagger(again).tag([["Bo", "b"], ["Cy"]]) == [["B-PER", "I-PER"], ["B-PER"]]
    MemoTagger(other).tag([["Ann"]])
    assert (first.tagged, again.tagged, other.tagged) == ([("Ann",), ("Bo", "b")], [("Cy",)], [("Ann",)])
