"""AccAlign translate-test JSON lines (Ebing & Glavaš 2025): English tokens with word alignments."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Errors, XprojError
from ..types import SentencePair
from .jsonl import read_json_lines
from .pharaoh import GoldLinks


def read_accalign_jsonl(path: str | Path, pairs: Sequence[SentencePair]) -> list[GoldLinks]:
    """The ``alignment`` links ([English, target] indices) of each record, line-aligned with ``pairs``
    whose source tokens must equal the record's ``tokens`` (E300)."""
    links: list[GoldLinks] = []
    for line, record in read_json_lines(path):
        index = len(links)
        if "alignment" not in record or "tokens" not in record:
            raise XprojError(Errors.E012, path=path, line=line, field="alignment" if "tokens" in record else "tokens")
        if index < len(pairs) and record["tokens"] != pairs[index].src_tokens:
            raise XprojError(Errors.E300, path=path, line=line, index=index, side="src", detail="English tokens differ")
        links.append((frozenset((int(i), int(j)) for i, j in record["alignment"]), frozenset()))
    return links
