"""What the quality benches share: the extra parallel text eflomal trains on, result rows read back from
the sweep cache (the benches run their grids as sweeps, :mod:`xproj_core.sweep`), and the wrappers
through which ``bench.quality_tables`` keeps alignments in that cache's alignment table and tags each
corpus once per process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from xproj_core.signature import data_hash
from xproj_core.store import Store, cache_dir
from xproj_core.sweep import PlannedCell, SweepConfig, plan
from xproj_core.sweep.worker import MemoAligner
from xproj_core.types import Alignment, SentencePair


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


class StoredAligner(MemoAligner):
    """An aligner whose alignments persist in a :class:`Store`'s alignment table (float32, as computed),
    under the aligner's signature and the ``pairs:<hash>`` of the sentence pairs: computed once across
    rows and runs, read back exactly as the printed ``xproj project`` command computes them."""

    def __init__(self, inner: Any, store: Store) -> None:
        super().__init__(inner)
        self.store = store

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        key, corpus = self.inner.signature(), f"pairs:{data_hash(pairs)}"
        stored = self.store.alignments(key, corpus)
        if len(stored) == len(pairs):
            return [stored[idx] for idx in range(len(pairs))]
        alignments = self.inner.align(pairs, progress)
        self.store.put_alignments(key, corpus, alignments, exact=True)
        return alignments


class MemoTagger:
    """A NER tagger whose probabilities are kept in this process per tagger name and sentence, so that
    rows sharing a tagger tag each corpus once (the sweep keeps its taggers' output per process too)."""

    MEMO: dict[str, dict[tuple[str, ...], np.ndarray]] = {}

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.labels = inner, inner.name, inner.labels
        self.memo = self.MEMO.setdefault(inner.name, {})

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        keys = [tuple(s) for s in sentences]
        missing = [k for k in dict.fromkeys(keys) if k not in self.memo]
        for key, probs in zip(missing, self.inner.probabilities([list(k) for k in missing])):
            self.memo[key] = np.asarray(probs, dtype=np.float32)
        return [self.memo[k] for k in keys]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from xproj_core.models.ner_common import decode

        return [decode(p, self.labels) for p in self.probabilities(sentences)]
