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
from dataclasses import dataclass
from typing import Callable

import numpy as np

SENSES = ("<=", "==", ">=")

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
        if self.sense not in SENSES:
            raise ValueError(f"sense must be one of {SENSES}, not {self.sense!r}")
        if self.n_proj < 0:
            raise ValueError("n_proj must be ≥ 0")

    def variables(self) -> list[tuple[int, int]]:
        """The ``(entity, candidate)`` pairs with a positive score."""
        rows, cols = np.nonzero(self.scores > 0)
        return list(zip(rows.tolist(), cols.tolist()))

    def relaxed(self) -> "Problem":
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


def solve_greedy(problem: Problem) -> Assignment:
    """Highest score first; skip pairs whose candidate overlaps a taken one or whose entity is full."""
    variables = problem.variables()
    values = [problem.scores[e, k] for e, k in variables]
    cap = problem.n_proj if problem.sense in ("<=", "==") else len(problem.spans)
    counts = [0] * problem.scores.shape[0]
    taken: set[int] = set()
    chosen: Assignment = []
    for index in np.argsort(values, kind="stable")[::-1]:
        e, k = variables[index]
        start, end = problem.spans[k]
        if counts[e] >= cap or any(w in taken for w in range(start, end)):
            continue
        chosen.append((e, k))
        counts[e] += 1
        taken.update(range(start, end))
    return sorted(chosen)


def solve_exact(problem: Problem, max_states: int = 20_000) -> Assignment | None:
    """The optimum by dynamic programming over positions; None when infeasible."""
    variables = problem.variables()
    n_entities = problem.scores.shape[0]
    lower = problem.sense in ("==", ">=") and problem.n_proj > 0
    if lower and len({e for e, _ in variables}) < n_entities:
        return None
    if not variables:
        return []
    radix = problem.n_proj + 1
    saturate = problem.sense == ">="
    starting: dict[int, list[tuple[int, int, int, float]]] = defaultdict(list)
    for e, k in variables:
        start, end = problem.spans[k]
        starting[int(start)].append((e, k, int(end), float(problem.scores[e, k])))
    first = min(starting)
    last = max(int(problem.spans[k][1]) for _, k in variables)
    # best[p][state] = (value, previous position, previous state, pair or None)
    best: list[dict[int, tuple[float, int, int, tuple[int, int] | None]]] = [
        {} for _ in range(last + 1)
    ]
    best[first][0] = (0.0, -1, -1, None)
    for p in range(first, last):
        if len(best[p]) > max_states:
            return solve_milp(problem)
        for state, (value, *_rest) in best[p].items():
            _relax(best[p + 1], state, value, p, state, None)
            for e, k, end, score in starting.get(p, ()):
                weight = radix**e
                count = (state // weight) % radix
                if count == problem.n_proj:
                    if not saturate:
                        continue
                    new_state = state
                else:
                    new_state = state + weight
                _relax(best[end], new_state, value + score, p, state, (e, k))
    full = sum(problem.n_proj * radix**e for e in range(n_entities))
    finals = {s: v for s, v in best[last].items() if not lower or s == full}
    if not finals:
        return None
    state = max(finals, key=lambda s: finals[s][0])
    chosen: Assignment = []
    position = last
    while position != first:
        _, position, state, pair = best[position][state]
        if pair is not None:
            chosen.append(pair)
    return sorted(chosen)


def _relax(
    table: dict[int, tuple[float, int, int, tuple[int, int] | None]],
    state: int,
    value: float,
    position: int,
    previous: int,
    pair: tuple[int, int] | None,
) -> None:
    current = table.get(state)
    if current is None or value > current[0]:
        table[state] = (value, position, previous, pair)


def solve_milp(problem: Problem) -> Assignment | None:
    """HiGHS (``scipy.optimize.milp``) on the reduced formulation; None when infeasible.

    Overlap rows: ``Σ_s x(s,t1) + Σ_s x(s,t2) ≤ 1`` for each overlapping candidate pair, and
    ``Σ_s x(s,t) ≤ 1`` for candidates that overlap no other candidate.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    variables = problem.variables()
    n_entities = problem.scores.shape[0]
    lower = problem.sense in ("==", ">=") and problem.n_proj > 0
    if not variables:
        return None if lower and n_entities else []
    used = sorted({k for _, k in variables})
    columns: dict[int, list[int]] = defaultdict(list)
    for index, (_, k) in enumerate(variables):
        columns[k].append(index)
    overlapping = {
        k: [j for j in used if j != k and problem.spans[k][0] < problem.spans[j][1] and problem.spans[j][0] < problem.spans[k][1]]
        for k in used
    }
    rows = [columns[k] + columns[j] for k in used for j in overlapping[k] if k < j]
    rows += [columns[k] for k in used if not overlapping[k]]
    n_overlap = len(rows)
    rows += [[i for i, (e, _) in enumerate(variables) if e == entity] for entity in range(n_entities)]
    r = [row for row, members in enumerate(rows) for _ in members]
    c = [col for members in rows for col in members]
    matrix = coo_array((np.ones(len(r)), (r, c)), shape=(len(rows), len(variables))).tocsr()
    low = {"<=": 0, "==": problem.n_proj, ">=": problem.n_proj}[problem.sense]
    high = {"<=": problem.n_proj, "==": problem.n_proj, ">=": np.inf}[problem.sense]
    lb = np.r_[np.zeros(n_overlap), np.full(n_entities, low)]
    ub = np.r_[np.ones(n_overlap), np.full(n_entities, high)]
    values = np.array([problem.scores[e, k] for e, k in variables])
    result = milp(
        -values,
        constraints=LinearConstraint(matrix, lb, ub),
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, 1),
    )
    if result.x is None:
        return None
    return sorted(v for v, x in zip(variables, result.x) if x > 0.5)


SOLVERS: dict[str, Callable[[Problem], Assignment | None]] = {
    "greedy": solve_greedy,
    "exact": solve_exact,
    "milp": solve_milp,
}


def solve(problem: Problem, solver: str = "exact") -> Assignment:
    """Solve with the named solver; an infeasible ``=``/``≥`` problem is solved under ``≤`` instead."""
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; known: {', '.join(SOLVERS)}")
    assignment = SOLVERS[solver](problem)
    if assignment is None:
        assignment = SOLVERS[solver](problem.relaxed())
    return assignment or []
