"""Candidate target spans for candidate-matching projection.

Candidates are all contiguous target n-grams of length 1..``max_len`` (``candidates=ngrams``), or the spans
a target-side tagger predicts, type ignored (``candidates=ner``, the paper's ``candidate_selection=ner``).
The thesis code's optional filter drops n-grams containing "!" or "?" (``punct_filter``). For alignment-only scores
under ``≤`` constraints they may be restricted to the window between the leftmost and rightmost
target words aligned to any source entity word: a candidate reaching outside that window has the
same number of aligned pairs as its part inside the window but is longer, so it scores strictly
less and overlaps at least as much; the optimum is unchanged (tested in
``tests/project/test_candidates.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..tags import tags_to_spans
from ..types import Alignment, Span

CANDIDATES = ("ngrams", "ner")
PUNCTUATION = ("!", "?")


@lru_cache(maxsize=8192)
def ngram_spans(lo: int, hi: int, max_len: int = 10) -> np.ndarray:
    """``(K, 2)`` read-only array of ``[start, end)`` n-grams inside ``[lo, hi)``, length ≤ ``max_len``.

    Ordered by start, then end.
    """
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    rows = [(s, e) for s in range(lo, hi) for e in range(s + 1, min(s + max_len, hi) + 1)]
    spans = np.array(rows, dtype=np.int64).reshape(-1, 2)
    spans.flags.writeable = False
    return spans


def aligned_window(alignment: Alignment, src_spans: Sequence[Span]) -> tuple[int, int] | None:
    """``[leftmost, rightmost + 1)`` of target words linked to any source entity word; None if none."""
    targets = alignment.targets_of(i for s in src_spans for i in range(s.start, s.end))
    if not targets:
        return None
    return min(targets), max(targets) + 1


def candidate_spans(
    n_tgt: int,
    max_len: int = 10,
    window: tuple[int, int] | None = None,
) -> np.ndarray:
    """The candidates of a target sentence, optionally restricted to ``window``."""
    lo, hi = window if window is not None else (0, n_tgt)
    return ngram_spans(lo, hi, max_len)


def tagged_spans(tags: Sequence[str]) -> np.ndarray:
    """``(K, 2)`` ``[start, end)`` of the spans in an IOB2 tag list, any type."""
    return np.array([(s.start, s.end) for s in tags_to_spans(tags)], dtype=np.int64).reshape(-1, 2)


def without_punctuation(spans: np.ndarray, tokens: Sequence[str]) -> np.ndarray:
    """``spans`` without those whose words contain "!" or "?" (the thesis code's candidate filter)."""
    marked = np.array([any(p in t for p in PUNCTUATION) for t in tokens] + [False], dtype=float)
    prefix = np.concatenate([[0.0], np.cumsum(marked)])
    return spans[prefix[spans[:, 1]] == prefix[spans[:, 0]]] if len(spans) else spans
