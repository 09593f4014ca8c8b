"""Link extraction on hand-made similarity matrices."""

from __future__ import annotations

import numpy as np
import pytest

from xproj_core.align.extraction import EXTRACTIONS, argmax, itermax, match, softmax, softmax_probs


def links(mask: np.ndarray) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(mask))}


def test_argmax_is_the_intersection_of_both_directions() -> None:
    sim = np.array([[0.9, 0.8, 0.1], [0.7, 0.2, 0.3], [0.1, 0.2, 0.6]])
    # row 1's best target is 0, but target 0 prefers row 0: no link for row 1
    assert links(argmax(sim)) == {(0, 0), (2, 2)}


def test_itermax_adds_links_for_unaligned_words_with_dampening() -> None:
    sim = np.array([[0.9, 0.8, 0.1], [0.7, 0.2, 0.3], [0.1, 0.2, 0.6]])
    # round 2, source 1 and target 1 free: weights [[0, .9, 0], [.9, 1, .9], [0, .9, 0]] give
    # [[0, .72, 0], [.63, .2, .27], [0, .18, 0]], whose mutual argmaxes are (0, 1) and (1, 0)
    assert links(itermax(sim)) == {(0, 0), (2, 2), (0, 1), (1, 0)}


def test_itermax_stops_on_small_matrices_and_never_relinks_two_aligned_words() -> None:
    sim = np.array([[0.9, 0.8], [0.7, 0.2]])
    assert links(itermax(sim)) == links(argmax(sim)) == {(0, 0)}
    eye = np.eye(4) + 0.01
    assert links(itermax(eye)) == {(k, k) for k in range(4)}


def test_itermax_more_rounds_never_removes_links() -> None:
    rng = np.random.default_rng(0)
    sim = rng.random((7, 5))
    two, three = itermax(sim, rounds=2), itermax(sim, rounds=3)
    assert links(argmax(sim)) <= links(two) <= links(three)


def test_argmax_and_itermax_equal_simalign_on_random_matrices() -> None:
    simalign = pytest.importorskip("simalign")
    aligner = simalign.SentenceAligner
    rng = np.random.default_rng(1)
    for _ in range(200):
        sim = rng.random(tuple(rng.integers(1, 9, size=2))).astype(np.float32)
        forward, backward = aligner.get_alignment_matrix(sim)
        assert links(argmax(sim)) == links(forward * backward)
        assert links(itermax(sim)) == links(aligner.iter_max(sim))


def test_match_is_a_maximum_weight_one_to_one_matching() -> None:
    sim = np.array([[0.9, 0.8], [0.85, 0.1], [0.0, 0.2]])
    # greedy would take (0,0) then (2,1): 1.1; the optimum is (0,1) + (1,0): 1.65
    assert links(match(sim)) == {(0, 1), (1, 0)}
    assert match(np.zeros((0, 3))).shape == (0, 3)


def test_softmax_probabilities_and_threshold() -> None:
    logits = np.array([[10.0, 0.0], [0.0, 10.0], [5.0, 5.0]])
    probs = softmax_probs(logits)
    forward = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    backward = np.exp(logits) / np.exp(logits).sum(0, keepdims=True)
    assert np.allclose(probs, np.minimum(forward, backward), atol=1e-6)
    assert links(softmax(logits)) == {(0, 0), (1, 1), (2, 0), (2, 1)}
    assert links(softmax(logits, threshold=0.01)) == {(0, 0), (1, 1)}


@pytest.mark.parametrize("name", sorted(EXTRACTIONS))
def test_every_method_handles_empty_and_degenerate_matrices(name: str) -> None:
    extract = EXTRACTIONS[name]
    for shape in [(0, 0), (0, 4), (3, 0)]:
        assert extract(np.zeros(shape)).shape == shape
    assert links(extract(np.array([[0.5]]))) == {(0, 0)}
