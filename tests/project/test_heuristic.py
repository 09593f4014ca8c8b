"""Heuristic projection: ranges, merging, only_i, length ratio, k longest, first-come labelling."""

from __future__ import annotations

import pytest

from xproj_core.errors import XprojError
from xproj_core.project import PROJECTORS, ProjectionInput
from xproj_core.project.heuristic import contiguous_ranges, entity_ranges, merge_ranges, project_heuristic
from xproj_core.types import Alignment, SentencePair, Span


def test_contiguous_and_merged_ranges() -> None:
    assert contiguous_ranges({5, 1, 2, 7, 8}) == [(1, 3), (5, 6), (7, 9)]
    assert merge_ranges([(1, 3), (4, 5), (7, 8)], d=1) == [(1, 5), (7, 8)]
    assert merge_ranges([(1, 3), (4, 5), (7, 8)], d=2) == [(1, 8)]
    assert merge_ranges([(1, 3), (4, 5)], d=0) == [(1, 3), (4, 5)]
    assert merge_ranges([(1, 3), (4, 5)], d=1, blocked_starts={4}) == [(1, 3), (4, 5)]


def _alignment(links: set[tuple[int, int]], n_src: int = 4, n_tgt: int = 10) -> Alignment:
    return Alignment.from_links(links, n_src, n_tgt)


def test_entity_ranges_parameters() -> None:
    # entity [0,2) → targets 1,2 and 4 (gap of one word at 3) and 8 (second mention of word 0)
    alignment = _alignment({(0, 1), (1, 2), (1, 4), (0, 8)})
    entity = Span(0, 2, "ORG")
    assert entity_ranges(alignment, entity) == [(1, 5)]  # (8,9) ratio 1/2 ≤ 0.8 dropped
    assert entity_ranges(alignment, entity, thr=0) == [(1, 5), (8, 9)]
    assert entity_ranges(alignment, entity, d=0, thr=0) == [(1, 3), (4, 5), (8, 9)]
    assert entity_ranges(alignment, entity, d=0, thr=0.5) == [(1, 3)]  # 1/2 = 0.5 is not > 0.5
    assert entity_ranges(alignment, entity, d=0, thr=0, k=1) == [(1, 3)]
    assert entity_ranges(alignment, entity, d=4, thr=0) == [(1, 9)]
    assert entity_ranges(alignment, entity, d=4, thr=0, only_i=True) == [(1, 5), (8, 9)]


def test_projection_labels_first_come_and_scores_dice() -> None:
    alignment = _alignment({(0, 1), (1, 2), (3, 2), (3, 3)})
    spans = project_heuristic(alignment, [Span(0, 2, "PER"), Span(3, 4, "LOC")], thr=0)
    # LOC's range (2,4) overlaps PER's (1,3): not labelled
    assert [s.key for s in spans] == [(1, 3, "PER")]
    assert spans[0].score == pytest.approx(1.0)
    merged = project_heuristic(_alignment({(0, 1), (1, 3)}), [Span(0, 2, "PER")])
    assert [s.key for s in merged] == [(1, 4, "PER")]
    assert merged[0].score == pytest.approx((2 + 2) / (2 + 3))


def test_registered_projector() -> None:
    projector = PROJECTORS.create("heuristic", d=0, thr=0)
    assert projector.needs_alignment and projector.signature() == "heuristic(d=0,k=None,only_i=False,thr=0.0)"
    pair = SentencePair("1", "en", "de", ["New", "York", "is", "big"], ["New", "York", "ist", "groß"])
    item = ProjectionInput(pair, [Span(0, 2, "LOC")], Alignment.from_links({(0, 0), (1, 1), (2, 2)}, 4, 4))
    assert [[s.key for s in spans] for spans in projector.project([item])] == [[(0, 2, "LOC")]]
    with pytest.raises(XprojError, match="E200"):
        projector.project([ProjectionInput(pair, [Span(0, 2, "LOC")])])


def test_thesis_code_order_shortest_entity_first_and_k_shortest() -> None:
    """Correction 7: the thesis code resolves collisions shortest entity first and keeps the k shortest."""
    alignment = _alignment({(0, 1), (1, 2), (3, 2), (3, 3)})
    entities = [Span(0, 2, "PER"), Span(3, 4, "LOC")]
    source = project_heuristic(alignment, entities, thr=0)
    assert [s.key for s in source] == [(1, 3, "PER")]
    shortest = PROJECTORS.create("heuristic", thr=0, order="shortest")
    item = ProjectionInput(SentencePair("p", "en", "de", ["w"] * 4, ["v"] * 10), entities, alignment)
    assert [s.key for s in shortest.project([item])[0]] == [(2, 4, "LOC")]
    assert "order=shortest" in shortest.signature()
    assert [s.key for s in PROJECTORS.create("heuristic", thr=0, order="longest").project([item])[0]] == [(1, 3, "PER")]
    split = _alignment({(0, 1), (1, 2), (1, 4), (0, 8)})
    assert entity_ranges(split, Span(0, 2, "ORG"), d=0, thr=0, k=1, keep="shortest") == [(4, 5)]
    with pytest.raises(XprojError, match="E016"):
        PROJECTORS.create("heuristic", order="random")
