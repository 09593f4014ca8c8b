"""Core data types: spans (re-exported from :mod:`.spans`), sentence pairs, alignments.

Everything in xproj speaks these types. Token offsets are 0-based; span ends are exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .spans import Link, Span
from .tags import tags_to_spans

__all__ = ["Alignment", "Corpus", "Link", "SentencePair", "Span", "pair_texts"]


@dataclass
class SentencePair:
    """One sentence pair of a parallel corpus, with optional IOB2 tags on either side."""

    id: str
    src_lang: str
    tgt_lang: str
    src_tokens: list[str]
    tgt_tokens: list[str]
    src_tags: list[str] | None = None
    tgt_tags: list[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The canonical JSONL record."""
        return {
            "id": self.id,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "src_tokens": list(self.src_tokens),
            "tgt_tokens": list(self.tgt_tokens),
            "src_tags": None if self.src_tags is None else list(self.src_tags),
            "tgt_tags": None if self.tgt_tags is None else list(self.tgt_tags),
            "meta": dict(self.meta),
        }

    @property
    def src_spans(self) -> list[Span]:
        return [] if self.src_tags is None else tags_to_spans(self.src_tags)

    @property
    def tgt_spans(self) -> list[Span]:
        return [] if self.tgt_tags is None else tags_to_spans(self.tgt_tags)


@dataclass
class Corpus:
    """A named list of sentence pairs."""

    name: str
    pairs: list[SentencePair]
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.pairs)

    def __iter__(self) -> Iterator[SentencePair]:
        return iter(self.pairs)

    def __getitem__(self, index: int) -> SentencePair:
        return self.pairs[index]

    @property
    def has_src_tags(self) -> bool:
        return any(p.src_tags is not None for p in self.pairs)

    @property
    def has_tgt_tags(self) -> bool:
        return any(p.tgt_tags is not None for p in self.pairs)


@dataclass
class Alignment:
    """Word alignment of one sentence pair: the full score matrix and the discrete links.

    ``scores`` has shape ``(len(src), len(tgt))``; higher means more likely aligned. ``links`` are the
    links the aligner extracted (for gold data: the *sure* links); ``possible`` holds extra possible
    links of gold annotations (Och & Ney), and always includes ``links``' pairs implicitly.
    """

    scores: np.ndarray
    links: frozenset[Link]
    possible: frozenset[Link] = frozenset()

    def __post_init__(self) -> None:
        self.scores = np.asarray(self.scores, dtype=np.float32)
        if self.scores.ndim != 2:
            raise ValueError("alignment scores must be a 2-D matrix")
        self.links = frozenset(self.links)
        self.possible = frozenset(self.possible)
        n_src, n_tgt = self.scores.shape
        for i, j in self.links | self.possible:
            if not (0 <= i < n_src and 0 <= j < n_tgt):
                raise ValueError(f"link {i}-{j} outside a {n_src}x{n_tgt} alignment")

    @property
    def shape(self) -> tuple[int, int]:
        return self.scores.shape  # type: ignore[return-value]

    @classmethod
    def from_links(cls, links: Iterable[Link], n_src: int, n_tgt: int, possible: Iterable[Link] = ()) -> Alignment:
        """An alignment whose score matrix is 1 on links, 0.5 on possible-only links, 0 elsewhere."""
        links = frozenset(links)
        possible = frozenset(possible) - links
        scores = np.zeros((n_src, n_tgt), dtype=np.float32)
        for i, j in possible:
            scores[i, j] = 0.5
        for i, j in links:
            scores[i, j] = 1.0
        return cls(scores, links, possible)

    def sorted_links(self) -> list[Link]:
        return sorted(self.links)

    def targets_of(self, src_indices: Iterable[int]) -> set[int]:
        """Target positions linked to any of the given source positions."""
        wanted = set(src_indices)
        return {j for i, j in self.links if i in wanted}


def pair_texts(pairs: Sequence[SentencePair]) -> list[tuple[list[str], list[str]]]:
    """The (source tokens, target tokens) of each pair, the input aligners take."""
    return [(p.src_tokens, p.tgt_tokens) for p in pairs]
