from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from xproj_core.project import PROJECTORS, ProjectionInput, Projector
from xproj_core.types import SentencePair, Span


class TableTagger:
    """A fake tagger: fixed probabilities per word."""

    name = "table"
    labels = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    rows = {"Berlín": [0.1, 0.8, 0.1, 0, 0], "Ana": [0, 0, 0, 0.9, 0.1], "Pérez": [0.2, 0, 0, 0.2, 0.6]}

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        return [
            np.array([self.rows.get(w, [1, 0, 0, 0, 0]) for w in s], dtype=float).reshape(len(s), 5) for s in sentences
        ]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        raise AssertionError("model-transfer decodes the probabilities itself")


def test_model_transfer_tags_target_with_mean_probability() -> None:
    projector = PROJECTORS.create("model-transfer", tagger=TableTagger())
    assert isinstance(projector, Projector) and not projector.needs_alignment
    pair = SentencePair("1", "en", "es", ["Ana", "Perez"], ["Ana", "Pérez", "visitó", "Berlín"])
    empty = SentencePair("2", "en", "es", [], [])
    spans = projector.project([ProjectionInput(pair, [Span(0, 2, "PER")]), ProjectionInput(empty, [])])
    assert spans == [[Span(0, 2, "PER"), Span(3, 4, "LOC")], []]
    assert spans[0][0].score == pytest.approx(0.75) and spans[0][1].score == pytest.approx(0.8)
    assert projector.signature() == "model-transfer(tagger=table)"
