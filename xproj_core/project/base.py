"""The projector protocol and registry.

A projector takes sentence pairs with source entity spans (and, when it needs one, an alignment) and
returns target spans, each with a confidence score in ``Span.score``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..registry import Registry
from ..types import Alignment, SentencePair, Span


@dataclass
class ProjectionInput:
    """What a projector sees for one sentence pair."""

    pair: SentencePair
    src_spans: list[Span]
    alignment: Alignment | None = None


@runtime_checkable
class Projector(Protocol):
    """Projects source spans onto target sentences."""

    name: str
    needs_alignment: bool

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        """Target spans for each item, non-overlapping, in order."""
        ...

    def signature(self) -> str:
        """A string that says exactly how projections were made."""
        ...


PROJECTORS: Registry[Projector] = Registry("projector")
