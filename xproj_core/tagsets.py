"""Every gold tag set mapped to the project's entity types, in one place.

A tag set names its entity types and what each becomes: ``PER``, ``ORG``, ``LOC``, ``DATE``, or
``None`` (dropped: read as ``O``). A tag is ``O``, ``B-TYPE``, ``I-TYPE`` or, in the sets that use
them, a bare ``TYPE`` (Bengali-NER ``TIM``) or ``-TYPE`` (a few malformed IL-NER tags); a bare or
``-`` tag continues an entity of the same type on the previous token (IO reading), and a lone ``-``
(IL-NER) is ``O``. Readers count such tags (``MappingStats``) so that they can report them.
A type a tag set does not name, or a tag of any other shape, is E040 naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, XprojError

TARGET_TYPES = ("PER", "ORG", "LOC", "DATE")

IDENTITY = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "DATE": "DATE"}

TAGSETS: dict[str, dict[str, str | None]] = {
    # MasakhaNER 2.0 (and its Bambara translate-test): PER/ORG/LOC/DATE as they are.
    "masakhaner2": dict(IDENTITY),
    # WikiANN / PAN-X: PER/ORG/LOC.
    "wikiann": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    # CoNLL-2003 and Europarl-NER: MISC has no counterpart and is dropped.
    "conll": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": None},
    # HiNER collapsed label_list.
    "hiner": {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"},
    # IL-NER (ICON tag set): person, organisation, location, time; number, artefact, unit dropped.
    "il-ner": {"NEP": "PER", "NEO": "ORG", "NEL": "LOC", "NETI": "DATE", "NEN": None, "NEAR": None, "NEU": None},
    # Bengali-NER: B-/I- PER, ORG, LOC and a prefix-less time tag TIM (time expressions include years).
    "bengali-ner": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "TIM": "DATE"},
}
"""Tag set name → {its entity type: the project's type, or None to drop it}."""

BARE_TAGS = {"bengali-ner", "il-ner"}
"""Tag sets whose files hold prefix-less (``TIM``) or ``-``-prefixed (``-NEN``, ``-``) tags."""


@dataclass
class MappingStats:
    """What a reader met while mapping one file.

    ``dropped``: tags per dropped type; ``bare``: prefix-less or ``-TYPE`` tags; ``dash``: lone ``-``
    tags; ``empty``: tokens with an empty tag column (read as ``O``); ``adjacent_b``: ``B-`` tags right
    after an entity of the same type, i.e. spans that may have been meant as one (read as two).
    """

    dropped: dict[str, int] = field(default_factory=dict)
    bare: int = 0
    dash: int = 0
    empty: int = 0
    adjacent_b: int = 0


def tagset(name: str, path: str | Path | None = None) -> dict[str, str | None]:
    """The mapping of a named tag set (E041, naming the file being read when given, when unknown)."""
    if name not in TAGSETS:
        raise XprojError(Errors.E041, path=path, name=name, known=", ".join(TAGSETS))
    return TAGSETS[name]


def _split(tag: str, name: str) -> tuple[str, str]:
    """``(prefix, type)`` of a raw tag: ``B``/``I`` for IOB2, ``""`` for bare, ``-`` for ``-TYPE``."""
    if tag[:2] in ("B-", "I-"):
        return tag[0], tag[2:]
    if name in BARE_TAGS and tag.startswith("-"):
        return "-", tag[1:]
    if name in BARE_TAGS:
        return "", tag
    return "?", tag


def map_tags(
    tags: list[str], name: str, path: str | Path, lines: list[int], stats: MappingStats | None = None
) -> list[str]:
    """Raw tags of one sentence (``lines[i]`` = file line of tag i) → IOB2 over the project's types."""
    mapping = tagset(name, path)
    mapped: list[str] = []
    previous = "O"
    for tag, line in zip(tags, lines):
        if tag == "O" or (tag == "-" and name in BARE_TAGS):
            if stats is not None and tag == "-":
                stats.dash += 1
            mapped.append("O")
            previous = "O"
            continue
        prefix, kind = _split(tag, name)
        if stats is not None and prefix == "B" and previous == kind:
            stats.adjacent_b += 1
        if prefix == "?" or kind not in mapping:
            known = ", ".join(mapping)
            raise XprojError(Errors.E040, path=path, line=line, tag=tag, tagset=name, known=known)
        target = mapping[kind]
        if target is None:
            if stats is not None:
                stats.dropped[kind] = stats.dropped.get(kind, 0) + 1
            mapped.append("O")
            previous = "O"
            continue
        if prefix in ("", "-"):
            if stats is not None:
                stats.bare += 1
            prefix = "I" if previous == kind else "B"
        elif prefix == "I" and previous != kind:
            prefix = "B"
        mapped.append(f"{prefix}-{target}")
        previous = kind
    return mapped
