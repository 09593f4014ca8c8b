"""Evaluation sweeps: corpus × parallel source × N × aligner × method × solver × seed × source labels.

A sweep config (YAML, or the equivalent ``xproj sweep`` flags; :mod:`.config`) expands into *cells*
(:mod:`.plan`); a cell loads its corpus, gets source spans (gold or a tagger), aligns, projects, is scored
(:mod:`.worker`) — or, in a tagger study, trains a target tagger on the projected spans and scores it on
gold (:mod:`.tagger`) — and is written to the :class:`~xproj_core.store.Store` in one transaction, under its
:class:`~xproj_core.signature.Signature` (:mod:`.executors`). Finished cells are skipped on a re-run, so a
sweep resumes where it stopped.

Cells that share an alignment (same corpus, aligner, parallel source, N and seed) form a *group*, the
unit of work handed to a worker: the alignment is computed once and reused by every method, solver and
source-label setting of the group. Aligners that use no parallel data ignore N and the seed, so they
get one group per corpus (stored with ``N = 0`` and ``parallel = -``: their curve is flat). Workers
(local processes or Ray tasks) only compute; the parent process alone writes the cache.
"""

from .base import (
    AlignerChoice,
    Cell,
    CellOutcome,
    Component,
    Group,
    MethodChoice,
    PlannedCell,
    Study,
    SweepConfig,
    SweepReport,
)
from .config import load_config, parse_config
from .demo import DEMO_CONFIG, build_demo, export_accalign
from .dispatch import iter_outcomes, run_group
from .executors import run_sweep
from .plan import group_cells, plan
from .worker import iter_group, score_cell

__all__ = [
    "AlignerChoice",
    "Cell",
    "CellOutcome",
    "Component",
    "DEMO_CONFIG",
    "Group",
    "MethodChoice",
    "PlannedCell",
    "Study",
    "SweepConfig",
    "SweepReport",
    "build_demo",
    "export_accalign",
    "group_cells",
    "iter_group",
    "iter_outcomes",
    "load_config",
    "parse_config",
    "plan",
    "run_group",
    "run_sweep",
    "score_cell",
]
