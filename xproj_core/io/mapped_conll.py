"""Gold NER files in a foreign tag set ("token TAG" lines, blank line between sentences), mapped on
reading through :mod:`xproj_core.tagsets` to PER/ORG/LOC/DATE.

Lines are split on tabs when they hold one, else on whitespace; fields are stripped and empty ones
dropped (Bengali-NER has stray trailing tabs and a token with a trailing space). A line must then
hold a token and a tag; a token followed by a tab and nothing else has an empty tag, read as ``O`` and
counted (``MappingStats.empty``). Sentences go on the *target* side, as for every tagged monolingual
corpus (:func:`xproj_core.io.conll.monolingual_pairs`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import Errors, XprojError
from ..tagsets import MappingStats, map_tags
from ..types import SentencePair
from .conll import TaggedSentence, monolingual_pairs
from .text import read_lines

log = logging.getLogger(__name__)


def _fields(text: str, path: Path, line: int) -> tuple[str, str]:
    """(token, raw tag) of one line."""
    raw = text.split("\t") if "\t" in text else text.split()
    fields = [f.strip() for f in raw if f.strip()]
    if len(fields) == 1 and "\t" in text:
        return fields[0], ""
    if len(fields) != 2:
        detail = f"{len(fields)} fields where a token and a tag belong"
        raise XprojError(Errors.E009, path=path, line=line, detail=detail)
    return fields[0], fields[1]


def read_mapped_conll(path: str | Path, tagset_name: str) -> tuple[list[TaggedSentence], MappingStats]:
    """Sentences of a "token TAG" file with tags mapped from ``tagset_name``, and what the mapping met."""
    path = Path(path)
    stats = MappingStats()
    sentences: list[TaggedSentence] = []
    rows: list[tuple[int, str, str]] = []
    for number, text in enumerate(read_lines(path, allow_empty_lines=True) + [""], start=1):
        if text.strip():
            token, tag = _fields(text, path, number)
            if not tag:
                stats.empty += 1
                tag = "O"
            rows.append((number, token, tag))
            continue
        if rows:
            lines = [n for n, _, _ in rows]
            tags = map_tags([t for _, _, t in rows], tagset_name, path, lines, stats)
            sentences.append(TaggedSentence([tok for _, tok, _ in rows], tags, lines[0]))
            rows = []
    if not sentences:
        raise XprojError(Errors.E002, path=path)
    log.info("%s: %s", path, stats)
    return sentences, stats


def read_mapped_monolingual(path: str | Path, tagset_name: str, lang: str) -> list[SentencePair]:
    """:func:`read_mapped_conll` as sentence pairs with the sentence on the target side."""
    return monolingual_pairs(read_mapped_conll(path, tagset_name)[0], lang)
