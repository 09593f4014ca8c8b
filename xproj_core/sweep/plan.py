"""Planning a sweep: a config becomes cells, grouped by the alignment they share, each signed.

Nothing here writes anywhere: ``xproj sweep --dry-run`` and the app's plan table call :func:`plan`,
and only :func:`~xproj_core.sweep.executors.run_sweep` stores corpora and results.

A cell kind is decided per cell by its method (``MethodChoice``); a new kind (e.g. training a tagger on
projected data) adds a field to ``Cell`` and a branch in :func:`~xproj_core.sweep.worker.score_cell`,
and keeps this grouping: cells that share an alignment still share a group.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from ..store import Store
from . import worker
from .base import NO_ALIGNER, NO_PARALLEL, AlignerChoice, Cell, Group, PlannedCell, Study, SweepConfig, corpus_identity


def _draws(study: Study, aligner: AlignerChoice | None) -> list[tuple[str, int, int]]:
    """(parallel source, N, seed) settings an aligner is run with."""
    if aligner is None or not aligner.draws_parallel:
        return [(NO_PARALLEL, 0, min(study.seeds))]
    if not study.parallel:
        return [(NO_PARALLEL, 0, seed) for seed in study.seeds]
    return list(itertools.product(study.parallel, study.sizes, study.seeds))


def group_cells(config: SweepConfig) -> list[Group]:
    """The sweep's groups of cells, each cell once, in a stable order: study by study, and within a study
    seed by seed (the first seed over every N and aligner first), so a partial sweep already has whole
    curves and later seeds add error bars."""
    groups: dict[tuple[Any, ...], Group] = {}
    rank: dict[tuple[Any, ...], tuple[int, int]] = {}
    for study_index, study in enumerate(config.studies):
        first_seed = min(study.seeds)
        types = tuple(study.types) if study.types else None
        for corpus, method in itertools.product(study.corpora, study.methods):
            aligners: list[AlignerChoice | None] = list(study.aligners) if method.needs_alignment else [None]
            for aligner in aligners:
                settings = itertools.product(_draws(study, aligner), method.solvers, study.source_labels)
                for (parallel, n, seed), solver, labels in settings:
                    label = aligner.component.label if aligner else NO_ALIGNER
                    cell = Cell(corpus, label, method.component, solver, n, seed, labels, parallel, types)
                    policy = config.store_alignments
                    keep = policy == "all" or (policy == "first-seed" and seed == first_seed)
                    group = Group(
                        corpus,
                        aligner,
                        parallel,
                        config.parallel_sources.get(parallel),
                        n,
                        seed,
                        (),
                        keep,
                        config.data_dir,
                        config.plugins,
                    )
                    rank.setdefault(group.key, (study_index, study.seeds.index(seed) if seed in study.seeds else 0))
                    existing = groups.setdefault(group.key, group)
                    if cell not in existing.cells:
                        groups[group.key] = replace(existing, cells=existing.cells + (cell,))
    return sorted(groups.values(), key=lambda g: rank[g.key])


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
