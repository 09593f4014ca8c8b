"""The worker: one cell scored through the single pipeline; composite aligners share their parts' alignments."""

from tests.fixtures.sweep_config import CONFIG
from tests.fixtures.sweep_fakes import FakeAligner, toy_corpus
from xproj_core.store import Store
from xproj_core.sweep import Cell, Component, parse_config, run_sweep, score_cell
from xproj_core.sweep.worker import MemoAligner
from xproj_core.types import Alignment


def test_score_cell_projects_and_scores_against_the_target_gold():
    corpus = toy_corpus("toy:en-de")
    shapes = [(len(p.src_tokens), len(p.tgt_tokens)) for p in corpus]
    diagonal = [Alignment.from_links({(i, i) for i in range(n_src)}, n_src, n_tgt) for n_src, n_tgt in shapes]
    method = Component("heuristic", (("thr", 0),))
    cell = Cell(corpus.name, "diagonal", method, "-", 0, 0, Component("gold"), "-", ("PER",))
    result = score_cell(cell, corpus, [p.src_spans for p in corpus], diagonal, aligner_signature="diagonal")
    assert result.metrics["overall"]["f1"] == 1.0 and set(result.metrics) == {"overall", "PER"}
    assert result.metrics["PER"]["support"] == 4
    assert [s.key for s in result.predictions[0]] == [(0, 1, "PER"), (2, 3, "PER")]
    assert set(result.timings) == {"project", "evaluate"} and result.settings["aligner_signature"] == "diagonal"
    assert "method:heuristic(thr=0)" in str(result.signature) and "types:PER" in str(result.signature)
    shifted = [Alignment.from_links({(i, (i + 1) % a.shape[1]) for i in range(a.shape[0])}, *a.shape) for a in diagonal]
    missed = score_cell(cell, corpus, [p.src_spans for p in corpus], shifted)
    assert missed.metrics["overall"]["f1"] < 1.0


def test_composite_aligners_reuse_the_alignments_of_their_parts(tmp_path):
    MemoAligner.MEMO.clear()
    FakeAligner.calls.clear()
    aligners = ["fake-neural", "fake-eflomal", {"spec": "fake-fused", "draw_prefix": "b."}]
    study = {**CONFIG["studies"][0], "aligners": aligners, "source_labels": ["gold"]}
    report = run_sweep(parse_config({**CONFIG, "studies": [study]}), Store(tmp_path / "c.sqlite"), show_progress=False)
    assert report.failed == [] and report.written == (1 + 12 + 12) * 2
    assert len(FakeAligner.calls) == len(set(FakeAligner.calls)) == 1 + 12  # fake-fused computed nothing twice
