"""IOB2 tag utilities: small typed pure functions.

Tags are IOB2 strings with a type: ``O``, ``B-PER``, ``I-PER``. ``validate_tags`` checks syntax and
repairs an ``I-`` that does not continue an entity of the same type into ``B-`` (counted, so readers
can warn).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .spans import Span

TAG_RE = re.compile(r"^(O|[BI]-[A-Za-z][A-Za-z0-9_.\-]*)$")


class TagSyntaxError(ValueError):
    """A tag that is not ``O``, ``B-TYPE`` or ``I-TYPE``; carries its position."""

    def __init__(self, tag: str, index: int) -> None:
        super().__init__(f"unknown tag syntax {tag!r} at token {index + 1}")
        self.tag = tag
        self.index = index


def validate_tags(tags: Sequence[str]) -> tuple[list[str], int]:
    """Check IOB2 syntax and repair orphan ``I-`` tags to ``B-``.

    Returns the repaired tags and the number of repairs. Raises :class:`TagSyntaxError` on a tag that
    is not IOB2.
    """
    repaired: list[str] = []
    repairs = 0
    previous = "O"
    for index, tag in enumerate(tags):
        if not TAG_RE.match(tag):
            raise TagSyntaxError(tag, index)
        if tag.startswith("I-") and (previous == "O" or previous[2:] != tag[2:]):
            tag = "B-" + tag[2:]
            repairs += 1
        repaired.append(tag)
        previous = tag
    return repaired, repairs


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans of a valid IOB2 sequence (orphan ``I-`` starts a new span, as in seqeval)."""
    spans: list[Span] = []
    start: int | None = None
    label = ""
    for index, tag in enumerate(list(tags) + ["O"]):
        continues = tag.startswith("I-") and start is not None and tag[2:] == label
        if continues:
            continue
        if start is not None:
            spans.append(Span(start, index, label))
            start = None
        if tag != "O":
            start, label = index, tag[2:]
    return spans


def spans_to_tags(spans: Iterable[Span], length: int) -> list[str]:
    """IOB2 tags of length ``length`` for non-overlapping spans (raises on overlap or overflow)."""
    tags = ["O"] * length
    for span in sorted(spans):
        if span.end > length:
            raise ValueError(f"span [{span.start}, {span.end}) exceeds sentence length {length}")
        if any(t != "O" for t in tags[span.start : span.end]):
            raise ValueError(f"span [{span.start}, {span.end}) overlaps another span")
        tags[span.start] = "B-" + span.label
        for k in range(span.start + 1, span.end):
            tags[k] = "I-" + span.label
    return tags


def filter_types(spans: Iterable[Span], types: Iterable[str] | None) -> list[Span]:
    """Keep only spans whose label is in ``types`` (all spans when ``types`` is None)."""
    if types is None:
        return list(spans)
    wanted = set(types)
    return [s for s in spans if s.label in wanted]


def entity_types(tag_sequences: Iterable[Sequence[str]]) -> list[str]:
    """Sorted entity types used in some tag sequences."""
    return sorted({t[2:] for tags in tag_sequences for t in tags if t != "O"})
