"""Link extraction from a source x target similarity matrix (SimAlign and AWESoME methods).

Every method takes a 2-D similarity matrix (higher = more similar) and returns a boolean link matrix
of the same shape. ``softmax`` expects raw dot products; the others any similarity.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

ITERMAX_ALPHA = 0.9
ITERMAX_ROUNDS = 2
SOFTMAX_THRESHOLD = 1e-3


def _forward_backward(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-hot row argmax (source → target) and column argmax (target → source)."""
    m, n = sim.shape
    forward = np.zeros((m, n), dtype=bool)
    backward = np.zeros((m, n), dtype=bool)
    if m and n:
        forward[np.arange(m), sim.argmax(axis=1)] = True
        backward[sim.argmax(axis=0), np.arange(n)] = True
    return forward, backward


def argmax(sim: np.ndarray) -> np.ndarray:
    """Links that are the best target of their source and the best source of their target."""
    forward, backward = _forward_backward(sim)
    return forward & backward


def itermax(sim: np.ndarray, rounds: int = ITERMAX_ROUNDS, alpha: float = ITERMAX_ALPHA) -> np.ndarray:
    """SimAlign's IterMax: argmax, then repeated argmax among words that are still unaligned.

    In each further round a pair is dampened by ``alpha`` when one of its words is already aligned, and
    excluded when both are; ``rounds`` counts the first argmax (SimAlign's ``max_count``).
    """
    links = argmax(sim)
    m, n = sim.shape
    if min(m, n) <= 2:
        return links
    for _ in range(rounds - 1):
        free_src = ~links.any(axis=1)
        free_tgt = ~links.any(axis=0)
        if not free_src.any() or not free_tgt.any():
            break
        allowed = free_src[:, None] | free_tgt[None, :]
        weight = np.clip(alpha * free_src[:, None] + alpha * free_tgt[None, :], 0.0, 1.0)
        new = argmax(sim * weight) & allowed
        if not (new & ~links).any():
            break
        links |= new
    return links


def match(sim: np.ndarray) -> np.ndarray:
    """Maximum-weight bipartite matching of min(m, n) links (scipy's ``linear_sum_assignment``)."""
    from scipy.optimize import linear_sum_assignment

    links = np.zeros(sim.shape, dtype=bool)
    if sim.size:
        rows, cols = linear_sum_assignment(sim, maximize=True)
        links[rows, cols] = True
    return links


def softmax_probs(logits: np.ndarray) -> np.ndarray:
    """AWESoME: the smaller of the source→target and target→source softmax probabilities."""
    if not logits.size:
        return np.zeros(logits.shape, dtype=np.float32)
    logits = logits.astype(np.float64)
    forward = np.exp(logits - logits.max(axis=1, keepdims=True))
    forward /= forward.sum(axis=1, keepdims=True)
    backward = np.exp(logits - logits.max(axis=0, keepdims=True))
    backward /= backward.sum(axis=0, keepdims=True)
    return np.minimum(forward, backward).astype(np.float32)


def softmax(logits: np.ndarray, threshold: float = SOFTMAX_THRESHOLD) -> np.ndarray:
    """AWESoME extraction: links whose probability exceeds ``threshold`` in both directions."""
    return softmax_probs(logits) > threshold


EXTRACTIONS: dict[str, Callable[..., np.ndarray]] = {
    "argmax": argmax,
    "itermax": itermax,
    "match": match,
    "softmax": softmax,
}
