"""The dry run's time estimate: a group's drawing and aligning once, each cell's own stages, from cached cells."""

from __future__ import annotations

import json

import pytest

from xproj_core.sweep.base import Cell, Component, PlannedCell
from xproj_core.sweep.estimate import estimate

HEURISTIC, ILP = Component("heuristic"), Component("ilp-align")


def cell(method: Component, training: str, n: int, seed: int = 0, aligner: str = "e5", corpus: str = "hau") -> Cell:
    return Cell(corpus, aligner, method, "-", n, seed, Component("e5-conll"), "text", None, training)


def row(c: Cell, **timings: float) -> dict:
    return {
        "corpus": c.corpus,
        "aligner": c.aligner,
        "parallel": c.parallel,
        "n": c.n,
        "seed": c.seed,
        "method": c.method.label,
        "training": c.training,
        "timings": json.dumps({"load": 5.0, **timings}),
    }


# one cached group (N = 1000, seed 0): aligning took 100 s once; the head trained in 10 s, head+en in 40 s
CACHED = [
    row(cell(HEURISTIC, "head", 1000), draw=2, align=100, train=10),
    row(cell(HEURISTIC, "head+en", 1000), draw=2, align=100, train=40),
]


def todo(*cells: Cell) -> list[PlannedCell]:
    return [PlannedCell(c, None, False) for c in cells]  # type: ignore[arg-type]


def test_a_group_pays_its_alignment_once_and_each_cell_its_own_stages():
    planned = todo(cell(HEURISTIC, "head", 1000, seed=1), cell(HEURISTIC, "head+en", 1000, seed=1))
    result = estimate(planned, CACHED)
    assert result.cell_seconds == pytest.approx(102 + 10 + 40)  # load is not counted
    assert (result.estimated, result.unknown, result.basis) == (2, 0, 2)
    assert result.wall_seconds(2) == pytest.approx(76)


def test_unlike_cells_fall_back_to_the_nearest_n_then_are_counted_apart():
    planned = [
        PlannedCell(cell(HEURISTIC, "head", 1000), None, True),  # done: not counted  # type: ignore[arg-type]
        *todo(
            cell(ILP, "head+en", 4000),  # same aligner and training, nearest N: head+en's 40 s, plus an alignment
            cell(HEURISTIC, "head", 2000, aligner="eflomal"),  # no eflomal group was timed
            cell(HEURISTIC, "full", 1000),  # no cell was trained that way
        ),
    ]
    result = estimate(planned, CACHED)
    assert result.cell_seconds == pytest.approx(102 + 40)
    assert (result.estimated, result.unknown) == (1, 2)


def test_nothing_cached_estimates_nothing():
    result = estimate(todo(cell(HEURISTIC, "head", 1000)), [])
    assert (result.cell_seconds, result.estimated, result.unknown, result.basis) == (0.0, 0, 1, 0)


def test_past_the_largest_n_measured_costs_grow_along_a_line():
    cached = [
        row(cell(HEURISTIC, "head", 1000), draw=2, align=100, train=10),
        row(cell(HEURISTIC, "head", 2000), draw=2, align=200, train=20),
    ]
    # aligning: 202 s at N = 2000, +0.1 s per pair; training: 20 s, +0.01 s per pair
    result = estimate(todo(cell(HEURISTIC, "head", 4000)), cached)
    assert result.cell_seconds == pytest.approx(202 + 0.1 * 2000 + 20 + 0.01 * 2000)
    # within the measured range the nearest N's median stays the estimate
    assert estimate(todo(cell(HEURISTIC, "head", 1200, seed=1)), cached).cell_seconds == pytest.approx(102 + 10)
