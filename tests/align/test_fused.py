"""fused:<a>+<b>[@w]: normalisation, fusion, link extraction, spec parsing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from xproj_core.align import ALIGNERS
from xproj_core.align.fused import FusedAligner, extract_links, minmax, parse_fused_spec, rank
from xproj_core.errors import XprojError
from xproj_core.types import Alignment, SentencePair

PAIR = SentencePair("0", "en", "fr", ["a", "b"], ["x", "y", "z"])


class FixedAligner:
    """Returns the same score matrix for every pair."""

    name = "fixed"

    def __init__(self, scores: list[list[float]]) -> None:
        self.scores = np.array(scores, dtype=np.float32)

    def signature(self) -> str:
        return "fixed"

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        return [Alignment(self.scores, extract_links(self.scores)) for _ in pairs]


def test_normalisations() -> None:
    np.testing.assert_allclose(minmax(np.array([[0.2, 0.6], [1.0, 0.2]])), [[0.0, 0.5], [1.0, 0.0]])
    np.testing.assert_allclose(minmax(np.array([[1.0]])), [[1.0]])
    np.testing.assert_allclose(rank(np.array([[0.0, 0.0], [0.5, 1.0]])), [[0.375, 0.375], [0.75, 1.0]])
    assert minmax(np.zeros((0, 3))).shape == (0, 3) and rank(np.zeros((2, 0))).shape == (2, 0)


def test_extract_links_needs_row_and_column_maximum_above_threshold() -> None:
    scores = np.array([[0.9, 0.8, 0.0], [0.95, 0.1, 0.0]])
    # row 0's max (0, 0) is not column 0's max, which is (1, 0); column 2 is all zeros
    assert extract_links(scores) == {(1, 0)}
    assert extract_links(scores, threshold=0.96) == frozenset()
    assert extract_links(np.zeros((2, 2))) == frozenset()
    assert extract_links(scores, "match") == {(0, 1), (1, 0)}


def test_fusion_combines_evidence() -> None:
    neural = FixedAligner([[0.9, 0.5, 0.3], [0.85, 0.4, 0.3]])  # b prefers x, but a is more sure of x
    statistical = FixedAligner([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert neural.align([PAIR])[0].links == {(0, 0)}
    fused = FusedAligner(neural, statistical, weight=0.5).align([PAIR])[0]
    assert fused.links == {(0, 0), (1, 1)}
    np.testing.assert_allclose(fused.scores[1, 1], 0.5 * (0.4 - 0.3) / 0.6 + 0.5)
    only_neural = FusedAligner(neural, statistical, weight=1.0).align([PAIR])[0]
    assert only_neural.links == {(0, 0)}


def test_parse_spec() -> None:
    assert parse_fused_spec("e5+eflomal") == ("e5", "eflomal", 0.5)
    assert parse_fused_spec("hf:/m/x+imported:f.txt@0.7") == ("hf:/m/x", "imported:f.txt", 0.7)
    for bad in ("e5", "e5+", "e5+eflomal@2", "e5+eflomal@w"):
        with pytest.raises(XprojError, match="E016"):
            parse_fused_spec(bad)


def test_registry_passes_inner_options(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pharaoh", tmp_path / "b.pharaoh"
    first.write_text("1-1 2-2\n", encoding="utf-8")  # one-indexed
    second.write_text("0-0 1-2\n", encoding="utf-8")
    aligner = ALIGNERS.create(
        f"fused:imported:{first}+imported:{second}@0.6", **{"a.one_indexed": True}, normalisation="rank"
    )
    assert "w=0.6" in aligner.signature() and "one_indexed=True" in aligner.signature()
    (alignment,) = aligner.align([PAIR])
    assert alignment.shape == (2, 3)
    assert alignment.links == {(0, 0), (1, 1)}  # where they disagree, the heavier first aligner wins
