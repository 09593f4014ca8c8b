"""Leaf types: a labelled token span and an alignment link. Imports nothing from xproj_core.

:mod:`xproj_core.tags` builds on these and :mod:`xproj_core.types` re-exports them, so imports run one
way: ``types`` → ``tags`` → ``spans``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Link = tuple[int, int]
"""A word-alignment link ``(source_index, target_index)``, 0-based."""


@dataclass(frozen=True, order=True)
class Span:
    """A labelled token range ``[start, end)`` with an optional confidence score."""

    start: int
    end: int
    label: str
    score: float = field(default=1.0, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    @property
    def key(self) -> tuple[int, int, str]:
        """Identity used for matching against gold (score ignored)."""
        return (self.start, self.end, self.label)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def with_label(self, label: str) -> Span:
        return Span(self.start, self.end, label, self.score)

    def with_score(self, score: float) -> Span:
        return Span(self.start, self.end, self.label, score)
