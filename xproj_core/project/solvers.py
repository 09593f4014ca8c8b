"""Solvers for the candidate-matching problem of one sentence.

Problem: entities ``s`` and candidate target spans ``t`` with scores ``c(s, t)``; a pair is a
variable iff ``c(s, t) > 0``. Maximise ``Σ c(s,t)·x(s,t)`` over binary ``x`` such that for every
entity ``Σ_t x(s,t) {≤, =, ≥} n_proj`` and the chosen candidates are pairwise disjoint (which also
means each candidate is chosen for at most one entity).

- :func:`solve_greedy`: take the highest-scoring remaining pair, drop the candidates overlapping it,
  drop an entity once it has ``n_proj`` pairs (``≤``, ``=``). It never breaks an upper bound or an
  overlap, but may miss a lower bound (``=``, ``≥``).
- :func:`solve_exact`: dynamic programming over target positions (below); falls back to
  :func:`solve_milp` when its state space would exceed ``max_states``.
- :func:`solve_milp`: scipy's HiGHS MILP on the thesis's reduced formulation.

Why the dynamic programme is exact: order the chosen candidates of any feasible solution by start.
They are disjoint, so reading the sentence left to right, every word is either skipped or is the
start of exactly one chosen candidate, after which reading resumes at its end. The only thing the
rest of the sentence needs to know about the words already read is how many pairs each entity has
(capped at ``n_proj`` for ``≥``, where more pairs change nothing). ``F[p][state]`` = best objective
over choices inside words ``< p`` reaching ``state``; each feasible solution is one path through
these states with the same objective, and each path is a feasible solution, so the best path ending
in an accepted final state (any for ``≤``, all counts at ``n_proj`` for ``=``/``≥``) is the optimum.
Property tests compare it with brute-force enumeration and with HiGHS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import Errors, XprojError, check_choice

SENSES = ("<=", "==", ">=")
INFEASIBLE = ("entity", "sentence")
"""What an ``=``/``>=`` problem gives up when an entity has no candidate: that entity's constraint (thesis) or the
sentence's lower bounds (solved under ``<=``); see ``IlpProjector.solve``."""

Assignment = list[tuple[int, int]]
"""Chosen ``(entity index, candidate index)`` pairs."""


@dataclass(frozen=True)
class Problem:
    """One sentence's matching problem."""

    scores: np.ndarray
    """``(n_entities, n_candidates)``; pairs with score ≤ 0 are not variables."""
    spans: np.ndarray
    """``(n_candidates, 2)`` target ``[start, end)`` of each candidate."""
    sense: str = "<="
    n_proj: int = 1

    def __post_init__(self) -> None:
        check_choice("sense", self.sense, SENSES)
        if self.n_proj < 0:
            raise XprojError(Errors.E016, option=f"n_proj={self.n_proj}", detail="must be >= 0")

    def relaxed(self) -> Problem:
        """The same problem under ``≤`` (always feasible)."""
        return Problem(self.scores, self.spans, "<=", self.n_proj)


def objective(problem: Problem, assignment: Assignment) -> float:
    return float(sum(problem.scores[e, k] for e, k in assignment))


def is_feasible(problem: Problem, assignment: Assignment, lower_bounds: bool = True) -> bool:
    """Whether ``assignment`` uses only variables, keeps candidates disjoint and meets the bounds."""
    if any(problem.scores[e, k] <= 0 for e, k in assignment):
        return False
    spans = sorted(tuple(problem.spans[k]) for _, k in assignment)
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return False
    counts = np.bincount([e for e, _ in assignment], minlength=problem.scores.shape[0])
    if problem.sense in ("<=", "==") and np.any(counts > problem.n_proj):
        return False
    if lower_bounds and problem.sense in ("==", ">=") and np.any(counts < problem.n_proj):
        return False
    return True


def _weighted(problem: Problem) -> list[tuple[int, int, int, int, float]]:
    """``(entity, candidate, start, end, score)`` of every variable, as Python scalars."""
    rows, cols = np.nonzero(problem.scores > 0)
    values = problem.scores[rows, cols].tolist()
    spans = problem.spans[cols].tolist()
    return [(e, k, s, t, v) for e, k, (s, t), v in zip(rows.tolist(), cols.tolist(), spans, values)]


def solve_greedy(problem: Problem) -> Assignment:
    """Highest score first; skip pairs whose candidate overlaps a taken one or whose entity is full."""
    cap = problem.n_proj if problem.sense in ("<=", "==") else len(problem.spans)
    counts = [0] * problem.scores.shape[0]
    taken: set[int] = set()
    chosen: Assignment = []
    for e, k, start, end, _ in sorted(_weighted(problem), key=lambda v: -v[4]):
        if counts[e] >= cap or any(w in taken for w in range(start, end)):
            continue
        chosen.append((e, k))
        counts[e] += 1
        taken.update(range(start, end))
    return sorted(chosen)


def solve_exact(problem: Problem, max_states: int = 20_000) -> Assignment | None:
    """The optimum by dynamic programming over positions; None when infeasible.

    Only positions where a variable's candidate starts or ends are visited: between two of them
    nothing can be chosen, so skipping straight to the next one is the same as skipping word by word.
    """
    variables = _weighted(problem)
    n_entities = problem.scores.shape[0]
    lower = problem.sense in ("==", ">=") and problem.n_proj > 0
    if lower and len({v[0] for v in variables}) < n_entities:
        return None
    if not variables:
        return []
    if n_entities == 1 and problem.n_proj == 1 and problem.sense != ">=":
        return [max(variables, key=lambda v: v[4])[:2]]  # one pair at most: the best one
    radix, n_proj, saturate = problem.n_proj + 1, problem.n_proj, problem.sense == ">="
    positions = sorted({v[2] for v in variables} | {v[3] for v in variables})
    # best[p][state] = (value, previous position, previous state, pair chosen on the way or None)
    best: dict[int, dict[int, tuple[float, int, int, tuple[int, int] | None]]] = {p: {} for p in positions}
    # moves[p][e] = (weight of e in the state, [(pair, table at its end, score), ...])
    moves: dict[int, dict[int, tuple[int, list[tuple[tuple[int, int], dict, float]]]]] = defaultdict(dict)
    for e, k, start, end, score in variables:
        moves[start].setdefault(e, (radix**e, []))[1].append(((e, k), best[end], score))
    best[positions[0]][0] = (0.0, -1, -1, None)
    for p, following in zip(positions, positions[1:]):
        table, here, after = best[p], moves.get(p, {}).values(), best[following]
        if len(table) > max_states:
            return solve_milp(problem)
        for state, entry in table.items():
            value = entry[0]
            current = after.get(state)
            if current is None or value > current[0]:
                after[state] = (value, p, state, None)
            for weight, options in here:
                if (state // weight) % radix < n_proj:
                    new_state = state + weight
                elif saturate:
                    new_state = state
                else:
                    continue
                for pair, target, score in options:
                    total = value + score
                    current = target.get(new_state)
                    if current is None or total > current[0]:
                        target[new_state] = (total, p, state, pair)
    last = positions[-1]
    full = sum(n_proj * radix**e for e in range(n_entities))
    finals = {s: v for s, v in best[last].items() if not lower or s == full}
    if not finals:
        return None
    state = max(finals, key=lambda s: finals[s][0])
    chosen: Assignment = []
    position = last
    while position != positions[0]:
        _, position, state, pair = best[position][state]
        if pair is not None:
            chosen.append(pair)
    return sorted(chosen)


def solve_milp(problem: Problem) -> Assignment | None:
    """HiGHS (``scipy.optimize.milp``) on the reduced formulation; None when infeasible.

    Overlap rows: ``Σ_s x(s,t1) + Σ_s x(s,t2) ≤ 1`` for each overlapping candidate pair, and
    ``Σ_s x(s,t) ≤ 1`` for candidates that overlap no other candidate.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array, vstack

    variables = _weighted(problem)
    n_entities, n_vars = problem.scores.shape[0], len(variables)
    lower = problem.sense in ("==", ">=") and problem.n_proj > 0
    if not variables:
        return None if lower and n_entities else []
    entity, candidate = np.array([v[:2] for v in variables]).T
    used, column_of = np.unique(candidate, return_inverse=True)
    starts, ends = problem.spans[used, 0], problem.spans[used, 1]
    overlap = (starts[:, None] < ends[None, :]) & (starts[None, :] < ends[:, None])
    np.fill_diagonal(overlap, False)
    first, second = np.nonzero(np.triu(overlap))
    alone = np.flatnonzero(~overlap.any(axis=1))
    n_pairs = len(first)
    # rows over used candidates: one per overlapping pair, one per candidate overlapping nothing
    row_ids = np.r_[np.arange(n_pairs), np.arange(n_pairs), n_pairs + np.arange(len(alone))]
    selector = csr_array(
        (np.ones(len(row_ids)), (row_ids, np.r_[first, second, alone])), shape=(n_pairs + len(alone), len(used))
    )
    uses = csr_array((np.ones(n_vars), (column_of, np.arange(n_vars))), shape=(len(used), n_vars))
    rows = csr_array((np.ones(n_vars), (entity, np.arange(n_vars))), shape=(n_entities, n_vars))
    matrix = vstack([selector @ uses, rows]).tocsr()
    n_overlap = selector.shape[0]
    low = {"<=": 0, "==": problem.n_proj, ">=": problem.n_proj}[problem.sense]
    high = {"<=": problem.n_proj, "==": problem.n_proj, ">=": np.inf}[problem.sense]
    lb = np.r_[np.zeros(n_overlap), np.full(n_entities, low)]
    ub = np.r_[np.ones(n_overlap), np.full(n_entities, high)]
    values = np.array([v[4] for v in variables])
    result = milp(
        -values,
        constraints=LinearConstraint(matrix, lb, ub),
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, 1),
    )
    if result.x is None:
        return None
    return sorted((v[0], v[1]) for v, x in zip(variables, result.x) if x > 0.5)


SOLVERS: dict[str, Callable[[Problem], Assignment | None]] = {
    "greedy": solve_greedy,
    "exact": solve_exact,
    "milp": solve_milp,
}


def solve(problem: Problem, solver: str = "exact") -> Assignment:
    """Solve with the named solver; an infeasible ``=``/``≥`` problem is solved under ``≤`` instead."""
    check_choice("solver", solver, SOLVERS)
    assignment = SOLVERS[solver](problem)
    if assignment is None:
        assignment = SOLVERS[solver](problem.relaxed())
    return assignment or []
