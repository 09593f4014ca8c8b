"""Symmetrisation of two directional word alignments: intersection, union, grow-diag-final-and.

Both inputs are link sets in *source–target* order: ``forward`` from the source→target model and
``reverse`` from the target→source model (already flipped). Grow-diag-final-and follows Koehn et al.
(2003) / Koehn's *Statistical Machine Translation* §4.5: start from the intersection, repeatedly add
union links adjacent (incl. diagonally) to a current link whose source or target word is still
unaligned, then add remaining directional links whose source and target words are both unaligned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ..types import Link

NEIGHBOURS: tuple[Link, ...] = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def intersection(forward: Iterable[Link], reverse: Iterable[Link]) -> frozenset[Link]:
    return frozenset(forward) & frozenset(reverse)


def union(forward: Iterable[Link], reverse: Iterable[Link]) -> frozenset[Link]:
    return frozenset(forward) | frozenset(reverse)


def grow_diag_final_and(forward: Iterable[Link], reverse: Iterable[Link]) -> frozenset[Link]:
    """Koehn's grow-diag-final-and."""
    forward, reverse = frozenset(forward), frozenset(reverse)
    candidates = forward | reverse
    links = set(forward & reverse)
    src_aligned = {i for i, _ in links}
    tgt_aligned = {j for _, j in links}

    def add(link: Link) -> None:
        links.add(link)
        src_aligned.add(link[0])
        tgt_aligned.add(link[1])

    n_src = 1 + max((i for i, _ in candidates), default=-1)
    n_tgt = 1 + max((j for _, j in candidates), default=-1)
    grew = True
    while grew:  # the textbook loop: links added during a sweep are grown from later in that sweep
        grew = False
        for i, j in ((i, j) for i in range(n_src) for j in range(n_tgt) if (i, j) in links):
            for di, dj in NEIGHBOURS:
                new = (i + di, j + dj)
                if new in candidates and new not in links and (new[0] not in src_aligned or new[1] not in tgt_aligned):
                    add(new)
                    grew = True
    for directional in (forward, reverse):
        for i, j in sorted(directional):
            if i not in src_aligned and j not in tgt_aligned:
                add((i, j))
    return frozenset(links)


SYMMETRIZATIONS: dict[str, Callable[[Iterable[Link], Iterable[Link]], frozenset[Link]]] = {
    "grow-diag-final-and": grow_diag_final_and,
    "intersection": intersection,
    "union": union,
}
"""Symmetrisation heuristics by name (the ``symmetrization`` option of statistical aligners)."""


def evidence_matrix(forward: Iterable[Link], reverse: Iterable[Link], n_src: int, n_tgt: int) -> np.ndarray:
    """Score matrix of symmetrisation evidence: 1 where both directions link, 0.5 where one does."""
    scores = np.zeros((n_src, n_tgt), dtype=np.float32)
    for links in (forward, reverse):
        for i, j in set(links):
            scores[i, j] += 0.5
    return scores
