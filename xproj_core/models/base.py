"""NER tagger and translator protocols and registries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..registry import Registry


@runtime_checkable
class NerTagger(Protocol):
    """Tags pre-tokenised sentences with IOB2 tags."""

    name: str
    labels: list[str]
    """The IOB2 label list the probabilities refer to, ``"O"`` first."""

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags per token."""
        ...

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence a ``(n_tokens, len(labels))`` matrix of label probabilities."""
        ...


@runtime_checkable
class Translator(Protocol):
    """Translates plain-text sentences."""

    name: str

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]: ...


@runtime_checkable
class TranslationScorer(Protocol):
    """A translation model that scores given translations (for NMTScore-style similarities)."""

    name: str

    def log_prob(self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str) -> list[float]:
        """Length-normalised log-probability of each target given its source."""
        ...


NER_TAGGERS: Registry[NerTagger] = Registry("NER tagger")
TRANSLATORS: Registry[Translator] = Registry("translator")
