"""How long the cells still to run will take, read off the timings of cached cells like them.

A group of cells to run (one draw and alignment) costs its drawing and aligning once, as long as cached
groups with the same aligner at the nearest N took (median), plus each cell's own stages (projection,
training, scoring), as long as the cached cells most like it took: same aligner, method, training and N;
else same aligner and training at the nearest N; else same training at the nearest N. Cells with no such
cached cell are counted apart. Beyond the largest N measured, costs grow along a straight line fitted to
cost over N (aligning and training the head scale about linearly with the number of pairs).
"""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .base import PlannedCell

SHARED_STAGES = ("draw", "align")
"""Stages a group runs once for all its cells (their seconds are repeated on every cell of the group)."""


@dataclass(frozen=True)
class Estimate:
    """Summed cell seconds of the cells to run that have a like cached cell, and how many have none."""

    cell_seconds: float
    estimated: int
    unknown: int
    basis: int
    """Cached cells the estimate was read from."""

    def wall_seconds(self, workers: int) -> float:
        """The wall time on ``workers`` workers (cells run side by side; timings were taken that way too)."""
        return self.cell_seconds / max(workers, 1)

    def as_dict(self, workers: int) -> dict[str, Any]:
        return {
            "cell_seconds": round(self.cell_seconds),
            "wall_seconds": round(self.wall_seconds(workers)),
            "workers": workers,
            "estimated": self.estimated,
            "unknown": self.unknown,
            "basis": self.basis,
        }


GROUP_FIELDS = ("corpus", "aligner", "parallel", "n", "seed")
"""Cells that agree on these share one draw and alignment (cached rows and planned cells alike)."""


def _group(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in GROUP_FIELDS)


def cached_costs(rows: Iterable[Mapping[str, Any]]) -> tuple[list[tuple[tuple[Any, ...], float]], dict[str, list]]:
    """Every cached cell's (aligner, method, training, N) and its own seconds (the stages run per cell), and
    per aligner the (N, seconds) its groups spent on the stages run once per group."""
    own, shared = [], defaultdict(dict)
    for row in rows:
        if not row.get("timings"):
            continue
        timings = {stage: float(v) for stage, v in json.loads(row["timings"]).items() if stage != "load"}
        shared[row["aligner"]][_group(row)] = (int(row["n"]), sum(timings.get(s, 0.0) for s in SHARED_STAGES))
        cost = sum(v for stage, v in timings.items() if stage not in SHARED_STAGES)
        own.append(((row["aligner"], row["method"], row["training"], int(row["n"])), cost))
    return own, {aligner: list(groups.values()) for aligner, groups in shared.items()}


def _nearest(costs: Sequence[tuple[int, float]], n: int) -> float | None:
    """The median cost at the N nearest to ``n`` (on a log scale), None without costs. Past the largest N
    measured, the cost grows from there along the least-squares line of cost over N (when it rises)."""
    if not costs:
        return None
    distance = lambda m: abs(math.log1p(m) - math.log1p(n))  # noqa: E731
    best = min(distance(m) for m, _ in costs)
    nearest = statistics.median(c for m, c in costs if distance(m) == best)
    largest = max(m for m, _ in costs)
    if n <= largest or len({m for m, _ in costs}) < 2:
        return nearest
    slope = statistics.linear_regression([m for m, _ in costs], [c for _, c in costs]).slope
    return nearest + max(slope, 0.0) * (n - largest)


def estimate(planned: Sequence[PlannedCell], cached: Iterable[Mapping[str, Any]]) -> Estimate:
    """The time the cells of ``planned`` not done yet will take, from the ``cached`` cell rows: per group of
    cells to run its drawing and aligning once, plus each cell's own stages."""
    own, shared = cached_costs(cached)
    exact: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    by_aligner: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    by_training: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for (aligner, method, training, n), cost in own:
        exact[aligner, method, training, n].append(cost)
        by_aligner[aligner, training].append((n, cost))
        by_training[training].append((n, cost))
    seconds, estimated, unknown, groups = 0.0, 0, 0, set()
    for item in planned:
        if item.done:
            continue
        cell = item.cell
        key = (cell.aligner, cell.method.label, cell.training, cell.n)
        cost = statistics.median(exact[key]) if exact.get(key) else None
        if cost is None:
            cost = _nearest(by_aligner.get((cell.aligner, cell.training), []), cell.n)
        if cost is None:
            cost = _nearest(by_training.get(cell.training, []), cell.n)
        group_cost = _nearest(shared.get(cell.aligner, []), cell.n)
        if cost is None or group_cost is None:
            unknown += 1
            continue
        group = tuple(getattr(cell, name) for name in GROUP_FIELDS)
        seconds += cost + (group_cost if group not in groups else 0.0)
        estimated += 1
        groups.add(group)
    return Estimate(seconds, estimated, unknown, len(own))
