"""Word-alignment precision, recall, F1 and AER against gold with sure/possible links (Och & Ney 2003).

With predicted links A, sure gold S and possible gold P (P includes S):
precision = |A∩P|/|A|, recall = |A∩S|/|S|, AER = 1 − (|A∩S| + |A∩P|)/(|A| + |S|).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ..types import Link


@dataclass(frozen=True)
class AlignmentScores:
    precision: float
    recall: float
    f1: float
    aer: float
    n_pairs: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def alignment_scores(
    predicted: Sequence[Iterable[Link]],
    gold_sure: Sequence[Iterable[Link]],
    gold_possible: Sequence[Iterable[Link]] | None = None,
) -> AlignmentScores:
    """Corpus-level scores; ``gold_possible`` holds possible-only links (sure ones are added)."""
    if len(predicted) != len(gold_sure) or (gold_possible is not None and len(gold_possible) != len(gold_sure)):
        raise ValueError(f"{len(predicted)} predicted alignments for {len(gold_sure)} gold ones")
    n_pred = n_sure = hit_sure = hit_possible = 0
    for index, links in enumerate(predicted):
        pred, sure = set(links), set(gold_sure[index])
        possible = sure | (set(gold_possible[index]) if gold_possible is not None else set())
        n_pred += len(pred)
        n_sure += len(sure)
        hit_sure += len(pred & sure)
        hit_possible += len(pred & possible)
    precision = hit_possible / n_pred if n_pred else 0.0
    recall = hit_sure / n_sure if n_sure else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    aer = 1.0 - (hit_sure + hit_possible) / (n_pred + n_sure) if n_pred + n_sure else 0.0
    return AlignmentScores(precision, recall, f1, aer, len(predicted))
