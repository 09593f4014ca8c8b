"""What the quality benches share: the extra parallel text eflomal trains on, and result rows read back
from the sweep cache (the benches run their grids as sweeps, :mod:`xproj_core.sweep`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Sequence

from xproj_core.store import Store, cache_dir
from xproj_core.sweep import PlannedCell, SweepConfig, plan


def default_cache() -> Path:
    """The quality benches' own cache (results and alignments), beside the app's."""
    return cache_dir() / "quality.sqlite"


def write_parallel_text(sets: Sequence[tuple[Path, Path]], path: Path) -> int:
    """Write line-aligned file pairs as one tokenised ``src ||| tgt`` file (eflomal's ``extra``).

    Lines empty on either side are skipped; returns the number of pairs written.
    """
    from xproj_core.errors import Errors, XprojError
    from xproj_core.io.text import read_lines
    from xproj_core.io.tokenize import tokenize_elided
    from xproj_core.io.tokpairs import SEPARATOR, write_token_pairs
    from xproj_core.types import SentencePair

    pairs = []
    for left_path, right_path in sets:
        left, right = read_lines(left_path, allow_empty_lines=True), read_lines(right_path, allow_empty_lines=True)
        if len(left) != len(right):
            detail = f"{len(right)} lines, but {left_path} has {len(left)}"
            raise XprojError(Errors.E009, path=right_path, detail=detail)
        for a, b in zip(left, right):
            src, tgt = tokenize_elided(a), tokenize_elided(b)
            if src and tgt and not any(SEPARATOR in token for token in src + tgt):
                pairs.append(SentencePair(str(len(pairs)), "src", "tgt", src, tgt))
    write_token_pairs(path, pairs)
    return len(pairs)


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle)


def method_options(planned: PlannedCell) -> dict[str, Any]:
    """A cell's method options, its solver included (as the tables name settings)."""
    cell = planned.cell
    return {**dict(cell.method.options), **({"solver": cell.solver} if cell.solver != "-" else {})}


def cell_metrics(config: SweepConfig, store: Store) -> Iterator[tuple[PlannedCell, dict[str, dict[str, Any]]]]:
    """Each finished cell of ``config`` with its metrics per scope (``overall`` and per entity type)."""
    _, planned = plan(config, store)
    by_signature: dict[str, dict[str, dict[str, Any]]] = {}
    for row in store.metrics_rows(scope=None):
        by_signature.setdefault(row["signature"], {})[row["scope"]] = row
    for cell in planned:
        if str(cell.signature) in by_signature:
            yield cell, by_signature[str(cell.signature)]
