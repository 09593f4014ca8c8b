"""``trim-case:<inner>``: target-side span evidence from capitalisation, applied after any projector.

In languages written in a cased script whose names are capitalised (Bambara, Hausa, Yoruba, Swahili,
English, ...), a projected span's edge word that is not capitalised is usually an alignment error
(a verb or postposition pulled in by a link). This wrapper runs the inner projector, then trims
uncapitalised words from both ends of each span and drops spans left empty. Not for languages that
capitalise every noun (German) or have no case (Amharic).

A word counts as capitalised when its first letter is upper-case (``"Ɛsipinazola"``, ``"B2Golodi"``,
``"'Mali"``); a word without letters (digits, punctuation) counts as uncapitalised at an edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..types import Span
from .base import PROJECTORS, ProjectionInput, Projector


def is_capitalised(word: str) -> bool:
    """Whether the first letter of ``word`` is upper-case."""
    first = next((c for c in word if c.isalpha()), "")
    return first.isupper()


def trim_uncased(tokens: Sequence[str], spans: Sequence[Span]) -> list[Span]:
    """Spans with uncapitalised words trimmed from both edges; spans with no capitalised word dropped."""
    out = []
    for span in spans:
        start, end = span.start, span.end
        while start < end and not is_capitalised(tokens[start]):
            start += 1
        while end > start and not is_capitalised(tokens[end - 1]):
            end -= 1
        if start < end:
            out.append(Span(start, end, span.label, span.score))
    return out


@dataclass
class TrimCaseProjector:
    """Runs ``inner``, then :func:`trim_uncased` on each sentence's target spans."""

    inner: Projector
    name: str = "trim-case"

    @property
    def needs_alignment(self) -> bool:
        return self.inner.needs_alignment

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        projected = self.inner.project(items, progress)
        return [trim_uncased(item.pair.tgt_tokens, spans) for item, spans in zip(items, projected)]

    def signature(self) -> str:
        return f"trim-case({self.inner.signature()})"


INNER_OPTIONS = ("d", "k", "only_i", "thr", "solver", "sense", "n_proj", "max_len", "restrict")


@PROJECTORS.register(
    "trim-case",
    "any projector, then uncapitalised edge words trimmed from each target span (cased-script targets)",
    takes_argument=True,
    argument_help="INNER_PROJECTOR",
    options={name: "passed to the inner projector when it takes it" for name in INNER_OPTIONS},
)
def _trim_case(inner: str, **options: Any) -> TrimCaseProjector:
    """The options the inner projector declares go to it; others (e.g. the CLI's default ``solver`` for a
    heuristic inner) are ignored."""
    accepted = PROJECTORS.entry(inner)[0].options
    return TrimCaseProjector(PROJECTORS.create(inner, **{k: v for k, v in options.items() if k in accepted}))
