"""Score matrices: align, ner, ner-spans, nmt, fusion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from xproj_core.project.scores import FUSION_PRESETS, align_scores, fuse, ner_scores, nmt_similarities
from xproj_core.types import Alignment, Span

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_align_score_is_twice_pairs_over_lengths() -> None:
    alignment = Alignment.from_links({(0, 1), (1, 2), (1, 3), (2, 0)}, 3, 4)
    cands = np.array([[1, 3], [1, 4], [0, 1], [3, 4]])
    scores = align_scores(alignment, [Span(0, 2, "PER"), Span(2, 3, "LOC")], cands)
    assert scores[0].tolist() == pytest.approx([2 * 2 / 4, 2 * 3 / 5, 0.0, 2 * 1 / 3])
    assert scores[1].tolist() == pytest.approx([0.0, 0.0, 1.0, 0.0])


def test_ner_scores_boost_all_is_the_former_behaviour() -> None:
    probs = np.array(
        [
            [0.1, 0.8, 0.0, 0.1, 0.0],
            [0.2, 0.0, 0.6, 0.0, 0.2],
            [0.96, 0.0, 0.0, 0.04, 0.0],
        ]
    )
    cands = np.array([[0, 1], [0, 2], [2, 3], [1, 2]])
    per, loc = Span(0, 1, "PER"), Span(0, 1, "LOC")
    scores = ner_scores(probs, LABELS, [per, loc, Span(0, 1, "ORG")], cands, alpha=1.15, min_score=0.05, boost="all")
    assert scores[0].tolist() == pytest.approx([0.8, 1.15 * (0.8 + 0.6) / 2, 0.0, 0.0])
    # LOC: [0,1) 0.1, [0,2) 1.15*(0.1+0.2)/2, [2,3) 0.04 < 0.05 dropped, [1,2) P(B-LOC)=0 → 0
    assert scores[1].tolist() == pytest.approx([0.1, 1.15 * 0.15, 0.0, 0.0])
    assert scores[2].tolist() == [0.0] * 4
    spans_only = ner_scores(probs, LABELS, [loc], cands, spans_only=True, boost="all")
    assert spans_only[0].tolist() == pytest.approx(np.maximum(scores[0], scores[1]).tolist())


def test_ner_boost_only_along_the_taggers_argmax_run_and_after_the_threshold() -> None:
    """Correction 4: α^(len−1) only where the argmax labels are B-l I-l … I-l, for that l; threshold first."""
    probs = np.array(
        [
            [0.1, 0.8, 0.0, 0.1, 0.0],  # argmax B-PER
            [0.2, 0.0, 0.6, 0.0, 0.2],  # argmax I-PER
            [0.5, 0.0, 0.45, 0.0, 0.05],  # argmax O
        ]
    )
    cands = np.array([[0, 2], [0, 3], [1, 3]])
    per, loc = Span(0, 1, "PER"), Span(0, 1, "LOC")
    scores = ner_scores(probs, LABELS, [per, loc], cands, alpha=1.15, min_score=0.05)
    # PER [0,2) is B-PER I-PER: boosted; [0,3) ends on an O word and [1,3) starts on I-PER: not boosted
    assert scores[0].tolist() == pytest.approx([1.15 * 0.7, (0.8 + 0.6 + 0.45) / 3, (0.0 + 0.45) / 2])
    # LOC [0,2): mean 0.15, argmax says PER, so no LOC boost
    assert scores[1, 0] == pytest.approx(0.15)
    # a mean under ner_min stays 0 even where the boost would lift it over (old: 1.15² · 0.045 > 0.05)
    low = np.array([[0.9, 0.0, 0.0, 0.1, 0.0], [0.9, 0.0, 0.0, 0.0, 0.035], [0.9, 0.0, 0.0, 0.0, 0.0]])
    lows = ner_scores(low, LABELS, [loc], np.array([[0, 3]]), alpha=1.15, min_score=0.05)
    assert lows[0, 0] == 0.0
    assert ner_scores(low, LABELS, [loc], np.array([[0, 3]]), alpha=1.15, min_score=0.05, boost="all")[0, 0] > 0
    spans_only = ner_scores(probs, LABELS, [loc], cands, spans_only=True)
    assert spans_only[0].tolist() == pytest.approx(np.maximum(scores[0], scores[1]).tolist())


class FakeScorer:
    """log P(target | source): 0 for case-insensitively equal strings, else −1 − 0.5·|length difference|."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []

    def log_prob(self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str) -> list[float]:
        self.calls.append((src_lang, tgt_lang, len(sources)))
        return [0.0 if a.lower() == b.lower() else -0.5 * abs(len(a) - len(b)) - 1.0 for a, b in zip(sources, targets)]


def test_nmt_similarity_normalises_by_self_translation_and_averages() -> None:
    scorer = FakeScorer()
    pairs = [("Paris", "paris"), ("Paris", "Parigi"), ("Paris", "Parigi"), ("EU", "Europäische Union")]
    sims = nmt_similarities(scorer, pairs, "en", "it", min_score=0.1)
    expected_parigi = np.exp(-1.5)  # both directions: exp(-1.5) / exp(0)
    assert sims.tolist() == pytest.approx([1.0, expected_parigi, expected_parigi, 0.0])
    assert ("en", "it", 3) in scorer.calls and ("it", "en", 3) in scorer.calls  # distinct pairs once


def test_fusion_presets_are_weighted_sums() -> None:
    a, n, m = np.array([[0.5, 1.0]]), np.array([[0.2, 0.0]]), np.array([[0.0, 0.4]])
    fused = fuse({"align": a, "ner": n, "nmt": m}, FUSION_PRESETS["all_fusion_typed"])
    assert fused[0].tolist() == pytest.approx([0.35, 0.9])
    assert FUSION_PRESETS["align_nmt"] == {"align": 0.5, "nmt": 1.0}
    with pytest.raises(ValueError):
        fuse({"align": a}, FUSION_PRESETS["align_ner"])


def test_all_fusion_uses_the_ner_spans_score() -> None:
    """Correction 3: all_fusion = 0.5 align + 0.5 ner-spans + 1 nmt (the typed ner score was xproj's slip)."""
    a, typed, spans, m = np.array([[0.5]]), np.array([[0.0]]), np.array([[0.6]]), np.array([[0.2]])
    fused = fuse({"align": a, "ner": typed, "ner-spans": spans, "nmt": m}, FUSION_PRESETS["all_fusion"])
    assert fused[0, 0] == pytest.approx(0.25 + 0.3 + 0.2)
