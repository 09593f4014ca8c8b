"""Entity × candidate score matrices for candidate-matching projection.

Every function returns an ``(n_entities, n_candidates)`` float matrix; a pair is a variable of the
matching problem iff its score is positive (scores below a method's threshold are set to 0).

- ``align``: 2 · #aligned word pairs between entity and candidate / (entity length + candidate length).
- ``ner``: mean over candidate words of P(B-type) at the first word and P(I-type) at the others, for the
  entity's type, set to 0 below ``ner_min``, then times α^(len−1) when the tagger's most likely labels
  along the candidate are exactly B-type I-type … I-type (``boost="argmax"``, the thesis code); the old
  ``boost="all"`` boosts every candidate and type and thresholds after. ``ner-spans`` takes the maximum
  over types.
- ``nmt``: NMTScore direct similarity (Vamvas & Sennrich 2022): the length-normalised translation
  probability of the candidate given the entity divided by the candidate's self-translation
  probability, averaged with the same quantity in the other direction.
- fused: weighted sums of the above (:data:`FUSION_PRESETS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..models.base import TranslationScorer
from ..types import Alignment, Span

ALPHA = 1.15
NER_MIN = 0.05
NMT_MIN = 0.1

FUSION_PRESETS: dict[str, dict[str, float]] = {
    "align_ner": {"align": 0.5, "ner": 0.5},
    "align_ner_spans": {"align": 0.5, "ner-spans": 0.5},
    "align_nmt": {"align": 0.5, "nmt": 1.0},
    "ner_spans_nmt": {"ner-spans": 0.5, "nmt": 1.0},
    "all_fusion": {"align": 0.5, "ner-spans": 0.5, "nmt": 1.0},
    "all_fusion_typed": {"align": 0.5, "ner": 0.5, "nmt": 1.0},
}
"""Weights per score component (the thesis's presets; ``all_fusion_typed`` is xproj's former ``all_fusion``)."""
BOOSTS = ("argmax", "all")
"""``ner`` continuation boost: only along the tagger's argmax B-l I-l … I-l (thesis code), or everywhere (old)."""


def _lengths(spans: np.ndarray) -> np.ndarray:
    return spans[:, 1] - spans[:, 0]


def _range_sums(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Sums of ``values[..., s:e]`` along the last axis for each ``(s, e)``, by prefix sums."""
    prefix = np.concatenate([np.zeros(values.shape[:-1] + (1,)), np.cumsum(values, axis=-1)], axis=-1)
    return prefix[..., ends] - prefix[..., starts]


def align_scores(alignment: Alignment, src_spans: Sequence[Span], candidates: np.ndarray) -> np.ndarray:
    """The ``align`` score of each (entity, candidate)."""
    n_src, n_tgt = alignment.shape
    links = np.zeros((n_src, n_tgt))
    if alignment.links:
        rows, cols = zip(*alignment.links)
        links[list(rows), list(cols)] = 1.0
    per_target = np.stack([links[s.start : s.end].sum(axis=0) for s in src_spans])
    pairs = _range_sums(per_target, candidates[:, 0], candidates[:, 1])
    entity_len = np.array([len(s) for s in src_spans], dtype=float)
    return 2.0 * pairs / (entity_len[:, None] + _lengths(candidates)[None, :])


def label_types(labels: Sequence[str]) -> list[str]:
    """Entity types of an IOB2 label list, in first-seen order."""
    return list(dict.fromkeys(label[2:] for label in labels if label != "O"))


def argmax_runs(probs: np.ndarray, labels: Sequence[str], kind: str, candidates: np.ndarray) -> np.ndarray:
    """Whether the most likely labels along each candidate are exactly ``B-kind I-kind … I-kind``."""
    best = [labels[k] for k in np.asarray(probs).argmax(axis=1)] if len(probs) else []
    is_b = np.array([label == f"B-{kind}" for label in best], dtype=bool)
    is_i = np.array([label == f"I-{kind}" for label in best], dtype=float)
    starts, ends = candidates[:, 0], candidates[:, 1]
    inside = _range_sums(is_i, starts + 1, ends)
    return is_b[starts] & (inside == ends - starts - 1)


def ner_type_scores(
    probs: np.ndarray,
    labels: Sequence[str],
    candidates: np.ndarray,
    alpha: float = ALPHA,
    kinds: Sequence[str] | None = None,
    min_score: float = NER_MIN,
    boost: str = "argmax",
) -> dict[str, np.ndarray]:
    """Per entity type (all of ``labels``' types, or ``kinds``), the thresholded ``ner`` score of each candidate."""
    index = {label: i for i, label in enumerate(labels)}
    starts, ends = candidates[:, 0], candidates[:, 1]
    lengths = _lengths(candidates)
    factor = alpha ** (lengths - 1.0)
    out: dict[str, np.ndarray] = {}
    for kind in label_types(labels) if kinds is None else kinds:
        zero = np.zeros(len(probs))
        b = probs[:, index[f"B-{kind}"]] if f"B-{kind}" in index else zero
        i = probs[:, index[f"I-{kind}"]] if f"I-{kind}" in index else zero
        mean = (b[starts] + _range_sums(i, starts + 1, ends)) / lengths
        if boost == "all":
            boosted = factor * mean
            out[kind] = np.where(boosted < min_score, 0.0, boosted)
        else:
            kept = np.where(mean < min_score, 0.0, mean)
            out[kind] = np.where(argmax_runs(probs, labels, kind, candidates), factor * kept, kept)
    return out


def ner_scores(
    probs: np.ndarray,
    labels: Sequence[str],
    src_spans: Sequence[Span],
    candidates: np.ndarray,
    *,
    spans_only: bool = False,
    alpha: float = ALPHA,
    min_score: float = NER_MIN,
    boost: str = "argmax",
) -> np.ndarray:
    """``ner`` (entity's own type) or ``ner-spans`` (max over types) scores (see :func:`ner_type_scores`)."""
    kinds = None if spans_only else sorted({s.label for s in src_spans})
    by_type = ner_type_scores(probs, labels, candidates, alpha, kinds, min_score, boost)
    zero = np.zeros(len(candidates))
    if spans_only:
        best = np.max(np.stack(list(by_type.values())), axis=0) if by_type else zero
        return np.tile(best, (len(src_spans), 1))
    return np.stack([by_type.get(s.label, zero) for s in src_spans])


def nmt_similarities(
    scorer: TranslationScorer,
    pairs: Sequence[tuple[str, str]],
    src_lang: str,
    tgt_lang: str,
    min_score: float = NMT_MIN,
) -> np.ndarray:
    """NMTScore direct similarity of each ``(source string, target string)``; < ``min_score`` → 0.

    ``sim(a, b) = ½ · (P(b|a) / P(b|b) + P(a|b) / P(a|a))`` with length-normalised probabilities.
    Each distinct pair and string is scored once.
    """
    if not pairs:
        return np.zeros(0)
    distinct = list(dict.fromkeys(pairs))
    sources = [a for a, _ in distinct]
    targets = [b for _, b in distinct]
    forward = np.exp(scorer.log_prob(sources, targets, src_lang, tgt_lang))
    backward = np.exp(scorer.log_prob(targets, sources, tgt_lang, src_lang))
    self_src = _self_probs(scorer, sources, src_lang)
    self_tgt = _self_probs(scorer, targets, tgt_lang)
    sims = 0.5 * (forward / self_tgt + backward / self_src)
    sims = np.where(sims < min_score, 0.0, sims)
    lookup = dict(zip(distinct, sims))
    return np.array([lookup[p] for p in pairs])


def _self_probs(scorer: TranslationScorer, texts: Sequence[str], lang: str) -> np.ndarray:
    distinct = list(dict.fromkeys(texts))
    probs = dict(zip(distinct, np.exp(scorer.log_prob(distinct, distinct, lang, lang))))
    return np.array([probs[t] for t in texts])


def fuse(components: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """Weighted sum of component score matrices."""
    missing = set(weights) - set(components)
    if missing:
        raise ValueError(f"missing score components: {sorted(missing)}")
    return sum(weight * components[name] for name, weight in weights.items())
