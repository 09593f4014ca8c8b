"""Span precision, recall and F1, micro and per type: exact match of ``(start, end, type)``.

The numbers equal seqeval's default mode (``f1_score``, ``classification_report``, seqeval 1.2.2)
on the same IOB2 tags, float for float:

- spans come from :func:`xproj_core.tags.tags_to_spans`, which reads invalid IOB2 as seqeval does
  (an orphan ``I-X`` starts a span; ``B-X I-Y`` is two spans);
- spans are sets per sentence: duplicate predictions count once;
- a type appears in the per-type table when it occurs in gold or prediction; its support is the
  number of gold spans; a zero denominator gives 0.0 (seqeval's ``zero_division`` default);
- ``types`` restricts both sides to those types, as if every other type's tags were ``O``.

It is plain counting, so the app can score one sentence or one span at a time and add counts up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..tags import TAG_RE, TagSyntaxError, filter_types, tags_to_spans
from ..types import Span


def _divide(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(frozen=True)
class Counts:
    """Exact-match counts: true positives, predicted spans, gold spans (the support)."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    @property
    def precision(self) -> float:
        return _divide(self.tp, self.n_pred)

    @property
    def recall(self) -> float:
        return _divide(self.tp, self.n_gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.n_gold,
            "tp": self.tp,
            "n_pred": self.n_pred,
        }


@dataclass(frozen=True)
class SpanScores:
    """Corpus scores: per-type counts (sorted by type) and their micro sum."""

    per_type: dict[str, Counts]
    n_sentences: int

    @property
    def micro(self) -> Counts:
        return sum(self.per_type.values(), Counts())

    @property
    def macro_f1(self) -> float:
        """Unweighted mean of the per-type F1 (0.0 without types)."""
        return _divide(sum(c.f1 for c in self.per_type.values()), len(self.per_type))  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.as_dict(),
            "macro_f1": self.macro_f1,
            "per_type": {label: counts.as_dict() for label, counts in self.per_type.items()},
            "n_sentences": self.n_sentences,
        }


def span_keys(spans: Iterable[Span], types: Iterable[str] | None = None) -> set[tuple[int, int, str]]:
    """The set of ``(start, end, label)`` of spans, restricted to ``types`` when given."""
    return {span.key for span in filter_types(spans, types)}


def sentence_counts(
    gold: Iterable[Span], pred: Iterable[Span], types: Iterable[str] | None = None
) -> dict[str, Counts]:
    """Per-type counts of one sentence (types absent from both sides are left out)."""
    types = None if types is None else set(types)
    gold_keys, pred_keys = span_keys(gold, types), span_keys(pred, types)
    n_gold = Counter(key[2] for key in gold_keys)
    n_pred = Counter(key[2] for key in pred_keys)
    tp = Counter(key[2] for key in gold_keys & pred_keys)
    return {label: Counts(tp[label], n_pred[label], n_gold[label]) for label in n_gold | n_pred}


def span_scores(
    gold: Sequence[Iterable[Span]], pred: Sequence[Iterable[Span]], types: Iterable[str] | None = None
) -> SpanScores:
    """Scores of predicted against gold spans, one list of spans per sentence."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")
    types = None if types is None else set(types)
    totals: dict[str, Counts] = {}
    for gold_spans, pred_spans in zip(gold, pred):
        for label, counts in sentence_counts(gold_spans, pred_spans, types).items():
            totals[label] = totals.get(label, Counts()) + counts
    return SpanScores(dict(sorted(totals.items())), len(gold))


def checked_spans(tags: Sequence[str]) -> list[Span]:
    """Spans of an IOB2 tag sequence; raises :class:`TagSyntaxError` on a tag that is not IOB2."""
    for index, tag in enumerate(tags):
        if not TAG_RE.match(tag):
            raise TagSyntaxError(tag, index)
    return tags_to_spans(tags)


def mask_types(tag_sequences: Iterable[Sequence[str]], types: Iterable[str] | None) -> list[list[str]]:
    """Tags of types outside ``types`` set to ``O`` (how to hand a types restriction to seqeval)."""
    wanted = None if types is None else set(types)
    return [[t if wanted is None or t == "O" or t[2:] in wanted else "O" for t in tags] for tags in tag_sequences]


def tag_scores(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], types: Iterable[str] | None = None
) -> SpanScores:
    """Scores of predicted against gold IOB2 tag sequences (same lengths, sentence by sentence)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")
    for index, (gold_tags, pred_tags) in enumerate(zip(gold, pred)):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence {index + 1}: {len(gold_tags)} gold tags but {len(pred_tags)} predicted")
    return span_scores([checked_spans(t) for t in gold], [checked_spans(t) for t in pred], types)
