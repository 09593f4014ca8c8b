"""study: alignments cached on disk and recomputed when stale; projection scored against target gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from xproj_core.study import Precomputed, cached_alignments, project_and_score, write_parallel_text
from xproj_core.types import Alignment, Corpus, SentencePair


def _corpus(n_tgt: int = 3) -> Corpus:
    tags = ["B-PER", "I-PER", "O"][:n_tgt]
    pair = SentencePair("0", "en", "de", ["John", "Smith", "came"], ["Jon", "Smit", "kam"][:n_tgt], ["B-PER", "I-PER", "O"], tags)
    return Corpus("toy", [pair])


def test_cached_alignments_computes_once_and_recomputes_stale(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute(n_tgt: int = 3) -> list[Alignment]:
        calls.append(n_tgt)
        return [Alignment.from_links({(0, 0), (1, 1)}, 3, n_tgt)]

    first = cached_alignments(_corpus(), "diag", compute, root=tmp_path)
    again = cached_alignments(_corpus(), "diag", lambda: pytest.fail("should read the cache"), root=tmp_path)
    assert again[0].links == first[0].links and calls == [3]
    cached_alignments(_corpus(2), "diag", lambda: compute(2), root=tmp_path)  # shapes differ: recomputed
    assert calls == [3, 2]


def test_project_and_score_with_precomputed() -> None:
    corpus = _corpus()
    stored = Precomputed([Alignment.from_links({(0, 0), (1, 1)}, 3, 3)])
    alignments = stored.align(corpus.pairs)
    projected, scores = project_and_score(corpus, [p.src_spans for p in corpus], alignments, "heuristic", thr=None)
    assert [s.key for s in projected[0]] == [(0, 2, "PER")] and scores.micro.f1 == 1.0
    with pytest.raises(ValueError):
        stored.align(corpus.pairs * 2)


def test_write_parallel_text(tmp_path: Path) -> None:
    (tmp_path / "a.eng").write_text("Hello, world!\n\nBye.\n", encoding="utf-8")
    (tmp_path / "a.deu").write_text("Hallo, Welt!\nleer\nTschüss.\n", encoding="utf-8")
    out = tmp_path / "extra.txt"
    assert write_parallel_text([(tmp_path / "a.eng", tmp_path / "a.deu")], out) == 2
    assert out.read_text(encoding="utf-8").splitlines() == ["Hello , world ! ||| Hallo , Welt !", "Bye . ||| Tschüss ."]
