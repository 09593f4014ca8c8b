"""The task a worker runs: a group of cells, sent to the pipeline of its kind."""

from __future__ import annotations

from collections.abc import Iterator

from .base import CellOutcome, Group
from .config import import_plugins
from .tagger import iter_tagger_group
from .worker import iter_group


def iter_outcomes(group: Group, progress: bool = False) -> Iterator[CellOutcome]:
    """A group's outcomes, cell by cell: projection cells by :mod:`.worker`, tagger cells by :mod:`.tagger`."""
    if group.trains_taggers:
        yield from iter_tagger_group(group, progress)
    else:
        yield from iter_group(group, progress)


def run_group(group: Group) -> list[CellOutcome]:
    """A whole group at once: the task a worker process or a Ray task runs."""
    import_plugins(group.plugins)
    return list(iter_outcomes(group))
