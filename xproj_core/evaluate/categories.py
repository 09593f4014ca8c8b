"""Error categories of predicted against gold spans, sentence by sentence (the app filters on them).

Matching, per sentence (spans deduplicated by ``(start, end, label)``, as in :mod:`.spans`):

1. Every predicted span gets exactly one category and at most one gold *partner*: among the gold spans
   it overlaps, the one with the same boundaries, then the same type, then the largest overlap, then
   the leftmost start.

   - ``correct``: the partner has the same boundaries and type;
   - ``wrong_type``: the partner has the same boundaries and another type;
   - ``wrong_boundary``: the partner overlaps with other boundaries (its type may differ too);
   - ``spurious``: the prediction overlaps no gold span.

2. Every gold span that is no prediction's partner is ``missed``.

So ``correct + wrong_type + wrong_boundary + spurious`` is the number of predictions, and
``correct`` is exactly the true positives of the span metrics. The per-sentence precision, recall and
F1 are the exact-match ones of :mod:`.spans`; a sentence with no gold and no predicted span has F1 1.0
(nothing to find, nothing wrongly predicted).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from ..tags import filter_types
from ..types import Span
from .spans import Counts


class Category(str, Enum):  # noqa: UP042 - StrEnum would change how the members print
    CORRECT = "correct"
    WRONG_TYPE = "wrong_type"
    WRONG_BOUNDARY = "wrong_boundary"
    SPURIOUS = "spurious"
    MISSED = "missed"


@dataclass(frozen=True)
class Judgement:
    """One categorised span: the prediction (None when missed) and its gold partner (None when spurious)."""

    category: Category
    pred: Span | None
    gold: Span | None

    def as_dict(self) -> dict[str, object]:
        def span(s: Span | None) -> list[object] | None:
            return None if s is None else [s.start, s.end, s.label]

        return {"category": self.category.value, "pred": span(self.pred), "gold": span(self.gold)}


@dataclass(frozen=True)
class SentenceErrors:
    """The judgements of one sentence, predictions first (in span order), then missed gold spans."""

    judgements: tuple[Judgement, ...]

    def count(self, category: Category) -> int:
        return sum(j.category is category for j in self.judgements)

    @property
    def counts(self) -> dict[str, int]:
        """Number of spans per category, every category present."""
        return {c.value: self.count(c) for c in Category}

    @property
    def span_counts(self) -> Counts:
        """Exact-match counts: correct, predictions, gold spans."""
        n_pred = sum(j.pred is not None for j in self.judgements)
        n_gold = len({j.gold for j in self.judgements if j.gold is not None})
        return Counts(self.count(Category.CORRECT), n_pred, n_gold)

    @property
    def f1(self) -> float:
        counts = self.span_counts
        return 1.0 if counts.n_pred == counts.n_gold == 0 else counts.f1

    def has(self, category: Category) -> bool:
        return any(j.category is category for j in self.judgements)

    def as_dict(self) -> dict[str, object]:
        counts = self.span_counts
        return {
            "counts": self.counts,
            "precision": counts.precision,
            "recall": counts.recall,
            "f1": self.f1,
            "judgements": [j.as_dict() for j in self.judgements],
        }


def _unique(spans: Iterable[Span], types: Iterable[str] | None) -> list[Span]:
    seen: dict[tuple[int, int, str], Span] = {}
    for span in filter_types(spans, types):
        seen.setdefault(span.key, span)
    return sorted(seen.values())


def _partner(pred: Span, gold: Sequence[Span]) -> Span | None:
    """The gold span a prediction is judged against (see the module docstring), or None."""
    overlapping = [g for g in gold if g.overlaps(pred)]
    if not overlapping:
        return None

    def rank(g: Span) -> tuple[bool, bool, int, int]:
        same_bounds = (g.start, g.end) == (pred.start, pred.end)
        overlap = min(g.end, pred.end) - max(g.start, pred.start)
        return (same_bounds, g.label == pred.label, overlap, -g.start)

    return max(overlapping, key=rank)


def _category(pred: Span, gold: Span | None) -> Category:
    if gold is None:
        return Category.SPURIOUS
    if (gold.start, gold.end) != (pred.start, pred.end):
        return Category.WRONG_BOUNDARY
    return Category.CORRECT if gold.label == pred.label else Category.WRONG_TYPE


def categorize(gold: Iterable[Span], pred: Iterable[Span], types: Iterable[str] | None = None) -> SentenceErrors:
    """Categorise the spans of one sentence, restricted to ``types`` when given."""
    types = None if types is None else set(types)
    gold_spans, pred_spans = _unique(gold, types), _unique(pred, types)
    judgements = [Judgement(_category(p, g), p, g) for p in pred_spans for g in [_partner(p, gold_spans)]]
    partners = {j.gold for j in judgements}
    judgements += [Judgement(Category.MISSED, None, g) for g in gold_spans if g not in partners]
    return SentenceErrors(tuple(judgements))


def categorize_corpus(
    gold: Sequence[Iterable[Span]], pred: Sequence[Iterable[Span]], types: Iterable[str] | None = None
) -> list[SentenceErrors]:
    """:func:`categorize` sentence by sentence."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")
    return [categorize(g, p, types) for g, p in zip(gold, pred)]


def category_totals(sentences: Iterable[SentenceErrors]) -> dict[str, int]:
    """Spans per category over many sentences, every category present."""
    totals = {c.value: 0 for c in Category}
    for sentence in sentences:
        for name, n in sentence.counts.items():
            totals[name] += n
    return totals
