"""Planning a sweep: a config becomes cells, grouped by the alignment they share, each signed.

Nothing here writes anywhere: ``xproj sweep --dry-run`` and the app's plan table call :func:`plan`,
and only :func:`~xproj_core.sweep.executors.run_sweep` stores corpora and results.

Two kinds of cells: projection cells (score projected spans) and tagger cells (``kind: tagger``: train a
target tagger on the projected spans, score it on a gold set; :mod:`.tagger`). Both keep this grouping:
cells that share an alignment share a group.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from ..errors import Errors, XprojError
from ..mixture import MATCHED
from ..silver_train import gold_train_spec
from ..store import Store
from . import worker
from .base import (
    NO_ALIGNER,
    NO_PARALLEL,
    NO_SOLVER,
    NO_TRAINING,
    AlignerChoice,
    Cell,
    Component,
    Group,
    PlannedCell,
    Study,
    SweepConfig,
    corpus_identity,
    slice_matches,
)

NO_METHOD = Component("-")
GOLD = Component("gold")


def _draws(study: Study, aligner: AlignerChoice | None) -> list[tuple[str, int, int]]:
    """(parallel source, N, seed) settings an aligner is run with. In a tagger study of the projected role
    every aligner runs per draw: the drawn pairs are what it aligns."""
    projects_draw = study.kind == "tagger" and study.role == "projected"
    if aligner is None or not (aligner.draws_parallel or projects_draw):
        return [(NO_PARALLEL, 0, min(study.seeds))]
    if not study.parallel:
        return [(NO_PARALLEL, 0, seed) for seed in study.seeds]
    return list(itertools.product(study.parallel, study.sizes, study.seeds))


def _trainings(study: Study) -> list[str]:
    """The ``training`` of a study's cells (``-`` for projection cells)."""
    if study.kind != "tagger":
        return [NO_TRAINING]
    suffix = f"/labelled={study.labelled}" if study.role == "alignment" else ""
    return [mode + suffix for mode in study.training]


def _baseline_cells(study: Study, corpus: str, data_dir: str | None) -> list[Cell]:
    """A tagger study's baseline cells for one gold set: zero-shot per labeller (deterministic: one seed),
    and trained on the gold train split beside it (per mode and seed; none when no such split exists)."""
    types = tuple(study.types) if study.types else None
    cells = []
    if "zero-shot" in study.baselines:
        for labels in study.source_labels:
            cells.append(
                Cell(
                    corpus,
                    NO_ALIGNER,
                    NO_METHOD,
                    NO_SOLVER,
                    0,
                    min(study.seeds),
                    labels,
                    NO_PARALLEL,
                    types,
                    "zero-shot",
                )
            )
    train = gold_train_spec(corpus)
    if "gold" in study.baselines and train is not None:
        try:
            n_train = len(worker.cached_corpus(train, data_dir))
        except XprojError:
            return cells
        for mode, seed in itertools.product(study.training, study.seeds):
            cells.append(
                Cell(corpus, NO_ALIGNER, NO_METHOD, NO_SOLVER, n_train, seed, GOLD, NO_PARALLEL, types, f"gold:{mode}")
            )
    return cells


def group_cells(config: SweepConfig) -> list[Group]:
    """The sweep's groups of cells, each cell once, in a stable order: study by study, and within a study
        seed by seed (the first seed over every N and aligner first), so a partial sweep already has whole
        curves and later seeds add error bars. A tagger study's baselines come first. Only the cells in the
    config's slice (``only``) are kept."""
    groups: dict[tuple[Any, ...], Group] = {}
    rank: dict[tuple[Any, ...], tuple[int, int]] = {}
    values: dict[str, set[str]] = {name: set() for name, _ in config.only}

    def add(cell: Cell, aligner: AlignerChoice | None, keep: bool, study: Study, study_index: int) -> None:
        for name in values:
            values[name].add(cell.field_value(name))
        if not cell.matches(only):
            return
        group = Group(
            cell.corpus,
            aligner,
            cell.parallel,
            config.parallel_sources.get(cell.parallel),
            cell.n,
            cell.seed,
            (),
            keep,
            config.data_dir,
            config.plugins,
            projected=study.labelled if study.kind == "tagger" and aligner is not None else None,
            select_on=study.select_on.get(cell.corpus),
        )
        baseline = cell.training == "zero-shot" or cell.training.startswith("gold:")
        seed_rank = -1 if baseline else study.seeds.index(cell.seed) if cell.seed in study.seeds else 0
        rank.setdefault(group.key, (study_index, seed_rank))
        existing = groups.setdefault(group.key, group)
        if cell not in existing.cells:
            groups[group.key] = replace(existing, cells=existing.cells + (cell,))

    for study_index, study in enumerate(config.studies):
        only = _named_sizes(config.only, study)
        if study.largest is not None and "n" in values:
            values["n"].update(value for _, value in NAMED)
        first_seed = min(study.seeds)
        types = tuple(study.types) if study.types else None
        for corpus in study.corpora:
            for cell in _baseline_cells(study, corpus, config.data_dir):
                add(cell, None, False, study, study_index)
        for corpus, method in itertools.product(study.corpora, study.methods):
            aligners: list[AlignerChoice | None] = list(study.aligners) if method.needs_alignment else [None]
            for aligner in aligners:
                settings = itertools.product(
                    _draws(study, aligner), method.solvers, study.source_labels, _trainings(study)
                )
                for (parallel, n, seed), solver, labels, training in settings:
                    label = aligner.component.label if aligner else NO_ALIGNER
                    cell = Cell(corpus, label, method.component, solver, n, seed, labels, parallel, types, training)
                    policy = config.store_alignments
                    keep = policy == "all" or (policy == "first-seed" and seed == first_seed)
                    add(cell, aligner, keep and study.kind != "tagger", study, study_index)
    _check_slice(config.only, values)
    return sorted(groups.values(), key=lambda g: rank[g.key])


NAMED = (("n", MATCHED), ("n", "all"))
"""The ``--only`` values that name a study's largest size instead of giving it."""


def _named_sizes(only: tuple[tuple[str, str], ...], study: Study) -> tuple[tuple[str, str], ...]:
    """The slice with ``n=all`` / ``n=matched`` read as the study's own largest size (nothing when the study
    does not ask for one): ``--only n=all`` picks each language's largest draw in a sweep of many languages."""
    if study.largest is None:
        return only
    return tuple(("n", str(study.largest)) if (name, value) in NAMED else (name, value) for name, value in only)


def _check_slice(only: tuple[tuple[str, str], ...], values: dict[str, set[str]]) -> None:
    """A ``--only`` value that no cell of the sweep has is a mistake (a typo, ``n=all`` for a size the
    sweep resolves to a number): E953, naming the field's values."""
    for name, value in only:
        if not any(slice_matches(own, value) for own in values[name]):
            known = sorted(values[name], key=lambda v: (len(v), v) if name in ("n", "seed") else (0, v))
            raise XprojError(Errors.E953, field=name, value=value, known=", ".join(known) or "none")


def plan(config: SweepConfig, store: Store) -> tuple[list[Group], list[PlannedCell]]:
    """The config's groups, and every cell signed and marked done when ``store`` holds it (read only)."""
    groups = group_cells(config)
    specs = dict.fromkeys(g.corpus for g in groups)
    identities = {spec: corpus_identity(worker.cached_corpus(spec, config.data_dir)) for spec in specs}
    finished = store.cell_signatures()
    planned = []
    for group in groups:
        for cell in group.cells:
            signature = cell.signature(*identities[cell.corpus])
            planned.append(PlannedCell(cell, signature, str(signature) in finished))
    return groups, planned
