"""``fused:<a>+<b>[@w]``: score-level fusion of two aligners, links re-extracted.

Each aligner's score matrix is normalised per sentence pair, then averaged as ``w·a + (1−w)·b`` (``w``
defaults to 0.5). Normalisations: ``minmax`` (default) maps a matrix's minimum to 0 and maximum to 1, a
constant matrix is clipped to [0, 1] as is (so a 1×1 "1" stays 1); ``rank`` replaces each score by its
average rank divided by the matrix size, in (0, 1], which ignores the scale of either aligner. Links are
re-extracted from the fused matrix with a SimAlign method of :mod:`.extraction` (``argmax``: a row's and a
column's maximum, the default; ``itermax``; ``match``), keeping those with score above ``threshold``.
Options of the inner aligners are passed as ``a.KEY=VALUE`` / ``b.KEY=VALUE``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import Errors, XprojError, check_choice
from ..types import Alignment, Link, SentencePair
from .base import ALIGNERS, Aligner
from .extraction import EXTRACTIONS

FUSED_EXTRACTIONS = ("argmax", "itermax", "match")


def minmax(scores: np.ndarray) -> np.ndarray:
    low, high = (float(scores.min()), float(scores.max())) if scores.size else (0.0, 0.0)
    if high == low:
        return np.clip(scores, 0.0, 1.0)
    return (scores - low) / (high - low)


def rank(scores: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    if not scores.size:
        return scores
    return (rankdata(scores, method="average").reshape(scores.shape) / scores.size).astype(np.float32)


NORMALISATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"minmax": minmax, "rank": rank}


def extract_links(scores: np.ndarray, method: str = "argmax", threshold: float = 0.0) -> frozenset[Link]:
    """Links a SimAlign extraction (``argmax``, ``itermax``, ``match``) picks, with score above ``threshold``."""
    mask = EXTRACTIONS[method](scores) & (scores > threshold)
    return frozenset((int(i), int(j)) for i, j in np.argwhere(mask))


def split_options(options: dict[str, Any], prefixes: Sequence[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Own options, and ``PREFIX.KEY=VALUE`` options grouped by prefix (for inner aligners)."""
    own: dict[str, Any] = {}
    inner: dict[str, dict[str, Any]] = {prefix: {} for prefix in prefixes}
    for key, value in options.items():
        prefix, dot, rest = key.partition(".")
        if dot and prefix in inner:
            inner[prefix][rest] = value
        else:
            own[key] = value
    return own, inner


def parse_fused_spec(argument: str) -> tuple[str, str, float]:
    """``"e5+eflomal@0.7"`` → ``("e5", "eflomal", 0.7)``."""
    first, plus, rest = argument.partition("+")
    weight = 0.5
    head, at, tail = rest.rpartition("@")
    if at:
        try:
            weight = float(tail)
        except ValueError:
            raise XprojError(
                Errors.E016, option=f"fused:{argument}", detail=f"weight {tail!r} is not a number"
            ) from None
        rest = head
    if not plus or not first or not rest or not 0.0 <= weight <= 1.0:
        raise XprojError(Errors.E016, option=f"fused:{argument}", detail="expected fused:A+B[@w] with 0 <= w <= 1")
    return first, rest, weight


class FusedAligner:
    """Weighted average of two aligners' normalised score matrices."""

    name = "fused"

    def __init__(
        self,
        first: Aligner,
        second: Aligner,
        weight: float = 0.5,
        normalisation: str = "minmax",
        extraction: str = "argmax",
        threshold: float = 0.0,
    ) -> None:
        check_choice("normalisation", normalisation, NORMALISATIONS)
        check_choice("extraction", extraction, FUSED_EXTRACTIONS)
        self.first, self.second = first, second
        self.weight, self.normalisation, self.extraction = float(weight), normalisation, extraction
        self.threshold = float(threshold)

    def signature(self) -> str:
        return (
            f"fused({self.first.signature()}+{self.second.signature()},w={self.weight},"
            f"normalisation={self.normalisation},extraction={self.extraction},threshold={self.threshold})"
        )

    def fuse(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        normalise = NORMALISATIONS[self.normalisation]
        return (self.weight * normalise(a) + (1.0 - self.weight) * normalise(b)).astype(np.float32)

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        alignments = []
        for a, b in zip(self.first.align(pairs, progress), self.second.align(pairs, progress)):
            scores = self.fuse(a.scores, b.scores)
            alignments.append(Alignment(scores, extract_links(scores, self.extraction, self.threshold)))
        return alignments


@ALIGNERS.register(
    "fused",
    "weighted average of two aligners' normalised score matrices, links re-extracted",
    takes_argument=True,
    argument_help="A+B[@w]",
    options={
        "normalisation": "minmax (default) or rank, per score matrix",
        "extraction": "argmax (default), itermax or match, on the fused matrix",
        "threshold": "minimum fused score of a link (default 0)",
        "a.KEY / b.KEY": "options of the first / second aligner",
    },
)
def _fused(argument: str, **options: Any) -> FusedAligner:
    first, second, weight = parse_fused_spec(argument)
    own, inner = split_options(options, ("a", "b"))
    return FusedAligner(ALIGNERS.create(first, **inner["a"]), ALIGNERS.create(second, **inner["b"]), weight, **own)
