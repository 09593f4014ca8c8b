"""Helpers shared by the NER taggers: IOB2 label lists, label normalisation, decoding probabilities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..tags import validate_tags


def iob2_labels(types: Iterable[str]) -> list[str]:
    """``["O", "B-T1", "I-T1", ...]`` for the sorted distinct types."""
    labels = ["O"]
    for entity_type in sorted(set(types)):
        labels += [f"B-{entity_type}", f"I-{entity_type}"]
    return labels


def normalise_label(label: str) -> str:
    """A model label as IOB2: ``S-``→``B-``, ``E-``/``L-``/``U-`` and bare types handled, ``LABEL_0``/``O``→``O``.

    A bare type (IO scheme, e.g. ``PER``) becomes ``I-PER``; decoding repairs a leading ``I-`` to ``B-``.
    """
    label = label.strip()
    if label in ("O", "") or label.startswith("LABEL_"):
        return "O"
    prefix, sep, entity_type = label.partition("-")
    if sep and len(prefix) == 1 and prefix.upper() in "BIESLU":
        return ("B-" if prefix.upper() in "BSU" else "I-") + entity_type
    return "I-" + label


def decode(probabilities: np.ndarray, labels: Sequence[str]) -> list[str]:
    """Argmax tags of a ``(n_tokens, n_labels)`` matrix, with orphan ``I-`` repaired to ``B-``."""
    tags = [labels[i] for i in np.asarray(probabilities).argmax(axis=1)] if len(probabilities) else []
    return validate_tags(tags)[0]


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)
