"""Pharaoh word-alignment files: ``i-j`` (sure) and ``ipj`` (possible) links, one sentence per line.

Two layouts are read: one line per sentence pair, or ``idx<TAB>links`` lines (SilverAlign style,
where missing indices are empty alignments). Indices may be 0- or 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import Errors, XprojError
from ..types import Link
from .atomic import atomic_write
from .text import read_lines

LINK_RE = re.compile(r"^(\d+)([-p])(\d+)$")

GoldLinks = tuple[frozenset[Link], frozenset[Link]]
"""Sure links and possible-only links of one sentence pair."""


def parse_links(
    text: str, one_indexed: bool = False, path: str | Path | None = None, line: int | None = None
) -> GoldLinks:
    """Parse ``"0-0 1p2"`` into (sure, possible-only) link sets."""
    offset = 1 if one_indexed else 0
    sure: set[Link] = set()
    possible: set[Link] = set()
    for item in text.split():
        match = LINK_RE.match(item)
        if not match:
            raise XprojError(Errors.E009, path=path, line=line, detail=f"bad alignment link {item!r}")
        i, j = int(match.group(1)) - offset, int(match.group(3)) - offset
        if i < 0 or j < 0:
            raise XprojError(Errors.E009, path=path, line=line, detail=f"link {item!r} is not {offset}-indexed")
        (sure if match.group(2) == "-" else possible).add((i, j))
    return frozenset(sure), frozenset(possible - sure)


def read_pharaoh(path: str | Path, one_indexed: bool = False, n_pairs: int | None = None) -> list[GoldLinks]:
    """Read a Pharaoh file, per line or ``idx<TAB>links`` (then ``n_pairs`` sets the length)."""
    lines = read_lines(path, allow_empty_lines=True)
    indexed = bool(lines) and all("\t" in text for text in lines if text.strip())
    if not indexed:
        return [parse_links(text, one_indexed, path, n) for n, text in enumerate(lines, start=1)]
    by_index: dict[int, GoldLinks] = {}
    for n, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        index_text, _, links = text.partition("\t")
        if not index_text.strip().isdigit():
            raise XprojError(Errors.E009, path=path, line=n, detail=f"bad sentence index {index_text!r}")
        by_index[int(index_text) - (1 if one_indexed else 0)] = parse_links(links, one_indexed, path, n)
    size = n_pairs if n_pairs is not None else max(by_index, default=-1) + 1
    empty: GoldLinks = (frozenset(), frozenset())
    return [by_index.get(k, empty) for k in range(size)]


def format_links(sure: Iterable[Link], possible: Iterable[Link] = (), one_indexed: bool = False) -> str:
    """``i-j`` for sure and ``ipj`` for possible-only links, sorted."""
    offset = 1 if one_indexed else 0
    sure = set(sure)
    items = [(i, j, "-") for i, j in sure] + [(i, j, "p") for i, j in set(possible) - sure]
    return " ".join(f"{i + offset}{sep}{j + offset}" for i, j, sep in sorted(items))


def write_pharaoh(path: str | Path, alignments: Sequence[Iterable[Link]], one_indexed: bool = False) -> None:
    """Write one line of links per sentence pair, atomically."""
    with atomic_write(path) as handle:
        for links in alignments:
            handle.write(format_links(links, one_indexed=one_indexed) + "\n")


def write_pharaoh_gold(path: str | Path, alignments: Sequence[GoldLinks], one_indexed: bool = False) -> None:
    """Write sure (``i-j``) and possible (``ipj``) links, one line per sentence pair, atomically."""
    with atomic_write(path) as handle:
        for sure, possible in alignments:
            handle.write(format_links(sure, possible, one_indexed=one_indexed) + "\n")
