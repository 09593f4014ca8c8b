"""The aligner protocol and registry.

Every aligner returns, per sentence pair, the full source x target score matrix and its discrete links
(:class:`~xproj_core.types.Alignment`). Aligners are registered by name in :data:`ALIGNERS` and built
from specs such as ``e5``, ``hf:PATH``, ``eflomal``, ``imported:FILE``, ``bt:e5``, ``fused:e5+eflomal@0.5``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..registry import Registry
from ..types import Alignment, SentencePair


@runtime_checkable
class Aligner(Protocol):
    """Aligns batches of sentence pairs."""

    name: str

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        """One alignment per pair, in order."""
        ...

    def signature(self) -> str:
        """A string that says exactly how alignments were made (name and every setting)."""
        ...


ALIGNERS: Registry[Aligner] = Registry("aligner")
