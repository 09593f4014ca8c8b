"""Symmetrisation heuristics on hand-checked cases."""

from __future__ import annotations

import numpy as np

from xproj_core.align.symmetrize import SYMMETRIZATIONS, evidence_matrix, grow_diag_final_and, intersection, union

# Koehn, Statistical Machine Translation, §4.5 (Fig. 4.13): source = English, target = German.
# en: 0 michael 1 assumes 2 that 3 he 4 will 5 stay 6 in 7 the 8 house
# de: 0 michael 1 geht 2 davon 3 aus 4 , 5 dass 6 er 7 im 8 haus 9 bleibt
EN_TO_DE = {(0, 0), (1, 1), (2, 5), (3, 6), (4, 9), (5, 9), (6, 7), (7, 7), (8, 8)}
DE_TO_EN = {(0, 0), (1, 1), (1, 2), (1, 3), (2, 5), (3, 6), (5, 9), (6, 7), (8, 8)}


def test_textbook_example() -> None:
    assert intersection(EN_TO_DE, DE_TO_EN) == {(0, 0), (1, 1), (2, 5), (3, 6), (5, 9), (6, 7), (8, 8)}
    # every union link is adjacent to an intersection link with one side unaligned: GDFA = union
    assert grow_diag_final_and(EN_TO_DE, DE_TO_EN) == union(EN_TO_DE, DE_TO_EN)


def test_growing_needs_an_unaligned_side() -> None:
    # (1, 1) is adjacent to (0, 0) and in the union, but source 1 and target 1 are both aligned already
    forward = {(0, 0), (1, 2), (2, 1), (1, 1)}
    reverse = {(0, 0), (1, 2), (2, 1)}
    assert grow_diag_final_and(forward, reverse) == {(0, 0), (1, 2), (2, 1)}


def test_growing_chains_and_goes_diagonal() -> None:
    # (1, 1) is diagonal to (0, 0); (2, 2) becomes reachable only after (1, 1) was added
    forward = {(0, 0), (1, 1), (2, 2)}
    reverse = {(0, 0)}
    assert grow_diag_final_and(forward, reverse) == {(0, 0), (1, 1), (2, 2)}


def test_final_and_adds_only_fully_unaligned_links() -> None:
    # (3, 5) is far from every link: added, both words unaligned. (0, 4): source 0 is aligned, so not added.
    forward = {(0, 0), (3, 5), (0, 4)}
    reverse = {(0, 0)}
    assert grow_diag_final_and(forward, reverse) == {(0, 0), (3, 5)}


def test_empty_inputs() -> None:
    for heuristic in SYMMETRIZATIONS.values():
        assert heuristic(set(), set()) == frozenset()


def test_evidence_matrix() -> None:
    scores = evidence_matrix({(0, 0), (1, 1)}, {(0, 0), (1, 0)}, 2, 2)
    np.testing.assert_array_equal(scores, [[1.0, 0.0], [0.5, 0.5]])
