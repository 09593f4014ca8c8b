"""Systematic, seeded perturbations of gold IOB2 tags: fake predictions for checking the metrics.

Each perturbation takes one tag sequence, a ``random.Random`` and the entity types to draw from, and
returns a new sequence of the same length. Some deliberately produce invalid IOB2 (orphan ``I-``, type
switches inside an entity), which the metrics must read the way seqeval does.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from ..tags import entity_types, spans_to_tags, tags_to_spans

Perturbation = Callable[[list[str], random.Random, Sequence[str]], list[str]]


def drop_entities(tags: list[str], rng: random.Random, types: Sequence[str], rate: float = 0.3) -> list[str]:
    """Remove entities (all their tags become ``O``)."""
    kept = [s for s in tags_to_spans(tags) if rng.random() >= rate]
    return spans_to_tags(kept, len(tags))


def shift_boundaries(tags: list[str], rng: random.Random, types: Sequence[str], rate: float = 0.3) -> list[str]:
    """Move an entity's start or end by one token (tags written over neighbours, so entities may merge)."""
    out = ["O"] * len(tags)
    for span in tags_to_spans(tags):
        start, end = span.start, span.end
        if rng.random() < rate:
            if rng.random() < 0.5:
                start = min(max(0, start + rng.choice((-1, 1))), end - 1)
            else:
                end = max(min(len(tags), end + rng.choice((-1, 1))), start + 1)
        out[start:end] = ["B-" + span.label] + ["I-" + span.label] * (end - start - 1)
    return out


def change_types(tags: list[str], rng: random.Random, types: Sequence[str], rate: float = 0.3) -> list[str]:
    """Give entities another type."""
    spans = []
    for span in tags_to_spans(tags):
        others = [t for t in types if t != span.label]
        spans.append(span.with_label(rng.choice(others)) if others and rng.random() < rate else span)
    return spans_to_tags(spans, len(tags))


def add_spurious(tags: list[str], rng: random.Random, types: Sequence[str], rate: float = 0.1) -> list[str]:
    """Start one- or two-token entities on ``O`` tokens."""
    out = list(tags)
    for index in range(len(out)):
        if out[index] == "O" and (index == 0 or out[index - 1] == "O") and rng.random() < rate:
            label = rng.choice(types)
            out[index] = "B-" + label
            if index + 1 < len(out) and out[index + 1] == "O" and rng.random() < 0.5:
                out[index + 1] = "I-" + label
    return out


def break_iob(tags: list[str], rng: random.Random, types: Sequence[str], rate: float = 0.3) -> list[str]:
    """Invalid IOB2: ``B-`` turned into an orphan ``I-``, ``I-`` switched to another type, stray ``I-``."""
    out = list(tags)
    for index, tag in enumerate(out):
        if rng.random() >= rate:
            continue
        if tag.startswith("B-"):
            out[index] = "I-" + tag[2:]
        elif tag.startswith("I-"):
            out[index] = "I-" + rng.choice(types)
        elif rng.random() < 0.3:
            out[index] = "I-" + rng.choice(types)
    return out


def mixed(tags: list[str], rng: random.Random, types: Sequence[str]) -> list[str]:
    """All of the above, one after another."""
    for perturbation in (drop_entities, shift_boundaries, change_types, add_spurious, break_iob):
        tags = perturbation(tags, rng, types)
    return tags


def identity(tags: list[str], rng: random.Random, types: Sequence[str]) -> list[str]:
    """The gold itself."""
    return list(tags)


PERTURBATIONS: dict[str, Perturbation] = {
    "identity": identity,
    "drop": drop_entities,
    "shift": shift_boundaries,
    "retype": change_types,
    "spurious": add_spurious,
    "orphan-I": break_iob,
    "mixed": mixed,
}


def perturb_corpus(tag_sequences: Sequence[Sequence[str]], name: str, seed: int = 0) -> list[list[str]]:
    """Fake predictions: perturbation ``name`` applied to every sentence, seeded by ``seed``."""
    rng = random.Random(f"{name}:{seed}")
    types = entity_types(tag_sequences) or ["MISC"]
    return [PERTURBATIONS[name](list(tags), rng, types) for tags in tag_sequences]
