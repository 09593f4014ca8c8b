"""Quality studies: align a corpus once (cached on disk), then project and score many settings.

The alignments of a corpus under one aligner are pickled under ``cache/quality/`` keyed by the corpus
name and a label the caller chooses (e.g. ``e5-L8-subword-argmax``), so repeated projection runs never
realign. :func:`project_and_score` runs a registered projector over cached alignments and returns span
scores against the target gold.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .evaluate.spans import SpanScores, span_scores
from .io.atomic import atomic_write
from .project import PROJECTORS, ProjectionInput
from .store import cache_dir
from .tags import filter_types
from .types import Alignment, Corpus, SentencePair, Span


def alignment_cache_path(corpus: str, label: str, root: Path | None = None) -> Path:
    """Where the alignments of ``corpus`` under ``label`` are kept (names made file-safe)."""
    safe = lambda text: re.sub(r"[^\w.@+=-]", "_", text)  # noqa: E731
    return (root or cache_dir() / "quality") / safe(corpus) / f"{safe(label)}.pkl"


def cached_alignments(
    corpus: Corpus, label: str, compute: Callable[[], list[Alignment]], root: Path | None = None
) -> list[Alignment]:
    """The alignments stored for ``(corpus, label)``, else ``compute()``'s, stored first.

    A stored file whose pair count or matrix shapes disagree with the corpus is recomputed.
    """
    path = alignment_cache_path(corpus.name, label, root)
    if path.is_file():
        stored: list[Alignment] = pickle.loads(path.read_bytes())
        if _fits(corpus.pairs, stored):
            return stored
    alignments = compute()
    with atomic_write(path, mode="wb") as handle:
        handle.write(pickle.dumps(alignments, protocol=pickle.HIGHEST_PROTOCOL))
    return alignments


def _fits(pairs: Sequence[SentencePair], alignments: Sequence[Alignment]) -> bool:
    return len(pairs) == len(alignments) and all(
        a.shape == (len(p.src_tokens), len(p.tgt_tokens)) for p, a in zip(pairs, alignments)
    )


@dataclass
class Precomputed:
    """An aligner that hands back stored alignments (for ``FusedAligner`` and similar wrappers)."""

    alignments: list[Alignment]
    name: str = "precomputed"

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        if len(pairs) != len(self.alignments):
            raise ValueError(f"{len(self.alignments)} stored alignments for {len(pairs)} pairs")
        return list(self.alignments)

    def signature(self) -> str:
        return self.name


def write_parallel_text(sets: Sequence[tuple[Path, Path]], path: Path) -> int:
    """Write line-aligned file pairs as one tokenised ``src ||| tgt`` file (eflomal's ``extra``).

    Lines empty on either side are skipped; returns the number of pairs written.
    """
    from .io.tokenize import tokenize_elided
    from .io.text import read_lines

    lines = []
    for left_path, right_path in sets:
        left, right = read_lines(left_path, allow_empty_lines=True), read_lines(right_path, allow_empty_lines=True)
        if len(left) != len(right):
            raise ValueError(f"{left_path} has {len(left)} lines but {right_path} has {len(right)}")
        for a, b in zip(left, right):
            src, tgt = " ".join(tokenize_elided(a)), " ".join(tokenize_elided(b))
            if src and tgt and "|||" not in src + tgt:
                lines.append(f"{src} ||| {tgt}\n")
    with atomic_write(path) as handle:
        handle.writelines(lines)
    return len(lines)


def project_and_score(
    corpus: Corpus,
    source: Sequence[Iterable[Span]],
    alignments: Sequence[Alignment | None],
    method: str,
    types: Iterable[str] | None = None,
    **options: object,
) -> tuple[list[list[Span]], SpanScores]:
    """Project ``source`` spans with projector ``method`` and score against the target gold."""
    types = None if types is None else list(types)
    projector = PROJECTORS.create(method, **options)
    items = [ProjectionInput(p, filter_types(s, types), a) for p, s, a in zip(corpus.pairs, source, alignments)]
    projected = projector.project(items)
    return projected, span_scores([p.tgt_spans for p in corpus.pairs], projected, types)
