"""Solvers: exact = brute-force enumeration = HiGHS; exact ≥ greedy; both feasible."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xproj_core.errors import XprojError
from xproj_core.project.candidates import ngram_spans
from xproj_core.project.solvers import (
    SENSES,
    Problem,
    is_feasible,
    objective,
    solve,
    solve_exact,
    solve_greedy,
    solve_milp,
)


def brute_force(problem: Problem) -> float | None:
    """Best objective over every feasible assignment, enumerated directly; None if none is feasible."""
    n_entities, n_cands = problem.scores.shape
    order = sorted(range(n_cands), key=lambda k: tuple(problem.spans[k]))
    best: list[float | None] = [None]

    def extend(position: int, end: int, counts: list[int], value: float) -> None:
        feasible = problem.sense == "<=" or all(c >= problem.n_proj for c in counts)
        if feasible and (best[0] is None or value > best[0]):
            best[0] = value
        for index in range(position, len(order)):
            k = order[index]
            if problem.spans[k][0] < end:
                continue
            for e in range(n_entities):
                if problem.scores[e, k] > 0 and (problem.sense == ">=" or counts[e] < problem.n_proj):
                    counts[e] += 1
                    extend(index + 1, problem.spans[k][1], counts, value + problem.scores[e, k])
                    counts[e] -= 1

    extend(0, 0, [0] * n_entities, 0.0)
    return best[0]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Up to 3 entities × all n-grams (length ≤ 3) of up to 6 words; about half the pairs are variables."""
    n_tgt, max_len, n_entities = draw(st.integers(1, 6)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    spans = ngram_spans(0, n_tgt, max_len)
    scores = rng.choice([0.0, 0.25, 0.5, 1.0], size=(n_entities, len(spans))) * rng.random((n_entities, len(spans)))
    if draw(st.booleans()):
        scores = np.round(scores * 4) / 4  # many ties
    return Problem(scores, spans, draw(st.sampled_from(SENSES)), draw(st.integers(0, 2)))


@settings(max_examples=600, deadline=None)
@given(problems())
def test_exact_matches_brute_force_and_beats_greedy(problem: Problem) -> None:
    exact = solve_exact(problem)
    optimum = brute_force(problem)
    assert (exact is None) == (optimum is None)
    if exact is not None:
        assert is_feasible(problem, exact)
        assert objective(problem, exact) == pytest.approx(optimum)
    greedy = solve_greedy(problem)
    assert is_feasible(problem, greedy, lower_bounds=problem.sense == "<=")
    if exact is not None and is_feasible(problem, greedy):
        assert objective(problem, exact) >= objective(problem, greedy) - 1e-9


@settings(max_examples=200, deadline=None)
@given(problems())
def test_exact_matches_highs(problem: Problem) -> None:
    exact, highs = solve_exact(problem), solve_milp(problem)
    assert (exact is None) == (highs is None)
    if highs is not None:
        assert is_feasible(problem, highs)
        assert objective(problem, exact) == pytest.approx(objective(problem, highs))


def test_exact_falls_back_to_highs_beyond_state_limit() -> None:
    rng = np.random.default_rng(0)
    spans = ngram_spans(0, 12, 3)
    problem = Problem(rng.random((6, len(spans))) * (rng.random((6, len(spans))) < 0.3), spans)
    assert objective(problem, solve_exact(problem, max_states=1)) == pytest.approx(
        objective(problem, solve_exact(problem))
    )


def test_greedy_is_suboptimal_where_exact_is_not() -> None:
    # entity 0 prefers [0,2) (0.9) which blocks both words; two entities on single words give 1.6
    spans = np.array([[0, 2], [0, 1], [1, 2]])
    problem = Problem(np.array([[0.9, 0.8, 0.0], [0.0, 0.0, 0.8]]), spans)
    assert solve_greedy(problem) == [(0, 0)]
    assert solve_exact(problem) == [(0, 1), (1, 2)]


def test_infeasible_equality_is_solved_relaxed() -> None:
    spans = np.array([[0, 1]])
    problem = Problem(np.array([[0.5], [0.7]]), spans, "==", 1)
    assert solve_exact(problem) is None
    assert solve(problem, "exact") == [(1, 0)]


def test_unknown_solver_and_sense_rejected() -> None:
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'sense=<'"):
        Problem(np.zeros((1, 1)), np.array([[0, 1]]), "<")
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'n_proj=-1'"):
        Problem(np.zeros((1, 1)), np.array([[0, 1]]), "<=", -1)
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'solver=annealing': choose from greedy"):
        solve(Problem(np.zeros((1, 1)), np.array([[0, 1]])), "annealing")
