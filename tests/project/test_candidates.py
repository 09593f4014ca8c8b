"""Candidate n-grams and the aligned-window restriction (optimum unchanged)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xproj_core.project.candidates import aligned_window, candidate_spans, ngram_spans
from xproj_core.project.scores import align_scores
from xproj_core.project.solvers import Problem, objective, solve_exact
from xproj_core.types import Alignment, Span


def test_ngram_spans_counts_and_order() -> None:
    assert len(ngram_spans(0, 5, 10)) == 15
    assert len(ngram_spans(0, 5, 2)) == 9
    assert ngram_spans(1, 3, 10).tolist() == [[1, 2], [1, 3], [2, 3]]
    assert ngram_spans(2, 2, 10).shape == (0, 2)
    assert not ngram_spans(0, 3, 2).flags.writeable
    with pytest.raises(ValueError):
        ngram_spans(0, 3, 0)


def test_aligned_window() -> None:
    alignment = Alignment.from_links({(0, 4), (1, 2), (2, 0), (3, 6)}, 4, 8)
    assert aligned_window(alignment, [Span(0, 2, "PER")]) == (2, 5)
    assert aligned_window(alignment, [Span(0, 1, "PER"), Span(3, 4, "LOC")]) == (4, 7)
    assert aligned_window(Alignment.from_links(set(), 4, 8), [Span(0, 2, "PER")]) is None
    assert candidate_spans(8, 10, (2, 5)).tolist() == ngram_spans(2, 5, 10).tolist()


@st.composite
def aligned_instances(draw: st.DrawFn) -> tuple[Alignment, list[Span], int, int]:
    n_src, n_tgt = draw(st.integers(2, 7)), draw(st.integers(1, 9))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    links = {(i, j) for i in range(n_src) for j in range(n_tgt) if rng.random() < draw(st.sampled_from([0.1, 0.3]))}
    cuts = sorted(rng.choice(np.arange(1, n_src), size=rng.integers(0, n_src - 1), replace=False).tolist())
    bounds = list(zip([0] + cuts, cuts + [n_src]))
    spans = [Span(a, b, "X") for a, b in bounds if rng.random() < 0.6] or [Span(*bounds[0], "X")]
    return Alignment.from_links(links, n_src, n_tgt), spans, draw(st.integers(1, 4)), draw(st.integers(1, 2))


@settings(max_examples=300, deadline=None)
@given(aligned_instances())
def test_window_restriction_keeps_the_optimum(instance: tuple[Alignment, list[Span], int, int]) -> None:
    alignment, spans, max_len, n_proj = instance
    n_tgt = alignment.shape[1]
    full = candidate_spans(n_tgt, max_len)
    window = aligned_window(alignment, spans)
    cut = candidate_spans(n_tgt, max_len, window or (0, 0))
    best_full = objective(p := Problem(align_scores(alignment, spans, full), full, "<=", n_proj), solve_exact(p))
    best_cut = objective(q := Problem(align_scores(alignment, spans, cut), cut, "<=", n_proj), solve_exact(q))
    assert best_cut == pytest.approx(best_full)
