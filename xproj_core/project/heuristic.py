"""Heuristic alignment-based projection (García-Ferrero et al. 2022, generalised in the thesis).

For each source entity, in source order (``order=shortest``: shortest entity first, the thesis code's
collision order; ``order=longest``: longest first, as its text says):

1. take the maximal contiguous ranges of target words linked to some word of the entity;
2. merge neighbouring ranges separated by at most ``d`` target words (with ``only_i``: never merge
   when the right range starts with a word linked to the entity's first word — a likely second
   mention);
3. drop ranges whose length divided by the entity's length is ≤ ``thr`` (``thr=0`` keeps all);
4. keep the ``k`` longest ranges (``k=None``: all; ties go to the leftmost; ``keep=shortest``: the ``k``
   shortest, as the thesis code does);
5. label a range with the entity's type unless one of its words is already labelled.

Confidence of a projected range: the Dice overlap of the link between entity and range,
``(#entity words linked into the range + #range words linked to the entity) / (len(entity) + len(range))``
— 1 when every word on both sides takes part, lower when merging filled gaps or words are unlinked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Errors, XprojError, check_choice
from ..types import Alignment, Span
from .base import PROJECTORS, ProjectionInput

Range = tuple[int, int]
ORDERS = ("source", "shortest", "longest")
KEEPS = ("longest", "shortest")


def contiguous_ranges(positions: set[int]) -> list[Range]:
    """Maximal runs ``[start, end)`` of consecutive positions, left to right."""
    ranges: list[Range] = []
    for p in sorted(positions):
        if ranges and ranges[-1][1] == p:
            ranges[-1] = (ranges[-1][0], p + 1)
        else:
            ranges.append((p, p + 1))
    return ranges


def merge_ranges(ranges: Sequence[Range], d: int, blocked_starts: set[int] = frozenset()) -> list[Range]:
    """Merge ranges separated by ≤ ``d`` words, except into a range starting in ``blocked_starts``."""
    merged: list[Range] = []
    for start, end in ranges:
        if merged and start - merged[-1][1] <= d and start not in blocked_starts:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def entity_ranges(
    alignment: Alignment,
    entity: Span,
    d: int = 1,
    k: int | None = None,
    only_i: bool = False,
    thr: float = 0.8,
    keep: str = "longest",
) -> list[Range]:
    """The target ranges one entity projects to (steps 1–4), left to right."""
    linked = alignment.targets_of(range(entity.start, entity.end))
    blocked = alignment.targets_of([entity.start]) if only_i else set()
    ranges = merge_ranges(contiguous_ranges(linked), d, blocked)
    ranges = [r for r in ranges if (r[1] - r[0]) / len(entity) > thr]
    if k is not None:
        sign = -1 if keep == "longest" else 1
        ranges = sorted(sorted(ranges, key=lambda r: (sign * (r[1] - r[0]), r[0]))[:k])
    return ranges


def range_confidence(alignment: Alignment, entity: Span, target: Range) -> float:
    """Dice overlap of the links between an entity and a target range."""
    links = [(i, j) for i, j in alignment.links if entity.start <= i < entity.end and target[0] <= j < target[1]]
    linked = len({i for i, _ in links}) + len({j for _, j in links})
    return linked / (len(entity) + target[1] - target[0])


def project_heuristic(
    alignment: Alignment,
    src_spans: Sequence[Span],
    d: int = 1,
    k: int | None = None,
    only_i: bool = False,
    thr: float = 0.8,
    order: str = "source",
    keep: str = "longest",
) -> list[Span]:
    """Target spans of one sentence pair (step 5 included), sorted."""
    labelled: set[int] = set()
    out: list[Span] = []
    entities = sorted(src_spans)
    if order != "source":
        entities.sort(key=lambda e: len(e) if order == "shortest" else -len(e))  # stable: source order on ties
    for entity in entities:
        for start, end in entity_ranges(alignment, entity, d, k, only_i, thr, keep):
            if labelled.isdisjoint(range(start, end)):
                labelled.update(range(start, end))
                out.append(Span(start, end, entity.label, range_confidence(alignment, entity, (start, end))))
    return sorted(out)


@dataclass
class HeuristicProjector:
    """Registered as ``heuristic``."""

    d: int = 1
    k: int | None = None
    only_i: bool = False
    thr: float = 0.8
    order: str = "source"
    keep: str = "longest"
    name: str = "heuristic"
    needs_alignment: bool = True

    def __post_init__(self) -> None:
        check_choice("order", self.order, ORDERS)
        check_choice("keep", self.keep, KEEPS)

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        from tqdm import tqdm

        out: list[list[Span]] = []
        for item in tqdm(items, desc="heuristic", disable=not progress, unit="pair"):
            if item.alignment is None:
                raise XprojError(Errors.E200, name=self.name, what=f"an alignment (pair {item.pair.id})")
            out.append(
                project_heuristic(
                    item.alignment, item.src_spans, self.d, self.k, self.only_i, self.thr, self.order, self.keep
                )
            )
        return out

    def signature(self) -> str:
        extra = "".join(
            f",{key}={value}"
            for key, value, default in (("order", self.order, "source"), ("keep", self.keep, "longest"))
            if value != default
        )
        return f"heuristic(d={self.d},k={self.k},only_i={self.only_i},thr={self.thr}{extra})"


@PROJECTORS.register(
    "heuristic",
    "alignment ranges per entity, merged over small gaps, filtered by length ratio (García-Ferrero et al. 2022)",
    options={
        "d": "merge ranges separated by at most d target words (default 1)",
        "k": "keep only the k longest ranges per entity (default: all)",
        "only_i": "do not merge into a range that starts at a word linked to the entity's first word",
        "thr": "drop ranges with length ratio to the entity ≤ thr (default 0.8; 0 keeps all)",
        "order": "which entity claims a target word first: source (default, source order) | shortest (thesis "
        "code) | longest (thesis text)",
        "keep": "with k: keep the k longest ranges (default, thesis text) | shortest (thesis code)",
    },
)
def _heuristic(
    d: int = 1,
    k: int | None = None,
    only_i: bool = False,
    thr: float = 0.8,
    order: str = "source",
    keep: str = "longest",
) -> HeuristicProjector:
    return HeuristicProjector(
        d=int(d), k=None if k is None else int(k), only_i=bool(only_i), thr=float(thr), order=order, keep=keep
    )
