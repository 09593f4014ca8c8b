"""The canonical parallel format: JSONL, one sentence pair per line.

``{"id", "src_lang", "tgt_lang", "src_tokens", "tgt_tokens", "src_tags", "tgt_tags", "meta"}``; tags
are IOB2 strings or null, ``meta`` an object. ``id``, the languages and the token lists are required;
missing tags mean null and a missing ``meta`` means ``{}``. One side may have no tokens (monolingual
corpora keep their sentence on the target side); a pair with no tokens at all is an empty sentence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..tags import TagSyntaxError, validate_tags
from ..types import SentencePair
from .atomic import atomic_write
from .text import read_lines

log = logging.getLogger(__name__)

REQUIRED = ("id", "src_lang", "tgt_lang", "src_tokens", "tgt_tokens")


def read_json_lines(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSON-lines file."""
    records: list[tuple[int, dict[str, Any]]] = []
    for number, text in enumerate(read_lines(path, allow_empty_lines=True), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise XprojError(Errors.E011, path=path, line=number, detail=error.msg) from None
        if not isinstance(record, dict):
            raise XprojError(Errors.E011, path=path, line=number, detail="a line is not a JSON object")
        records.append((number, record))
    return records


def _strings(record: dict[str, Any], key: str, path: str | Path, line: int, nullable: bool) -> list[str] | None:
    value = record.get(key)
    if value is None and nullable:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise XprojError(Errors.E009, path=path, line=line, detail=f"{key!r} must be a list of strings")
    return value


def _checked_tags(
    tokens: list[str], tags: list[str] | None, path: str | Path, line: int
) -> tuple[list[str] | None, int]:
    if tags is None:
        return None, 0
    if len(tags) != len(tokens):
        raise XprojError(Errors.E003, path=path, line=line, n_tokens=len(tokens), n_tags=len(tags))
    try:
        return validate_tags(tags)
    except TagSyntaxError as error:
        raise XprojError(Errors.E004, path=path, line=line, tag=error.tag) from None


def record_to_pair(record: dict[str, Any], path: str | Path, line: int) -> tuple[SentencePair, int]:
    """A validated :class:`SentencePair` from one canonical record, and its number of tag repairs."""
    for key in REQUIRED:
        if key not in record:
            raise XprojError(Errors.E012, path=path, line=line, field=key)
    src = _strings(record, "src_tokens", path, line, nullable=False) or []
    tgt = _strings(record, "tgt_tokens", path, line, nullable=False) or []
    if not src and not tgt:
        raise XprojError(Errors.E008, path=path, line=line)
    src_tags, src_repairs = _checked_tags(src, _strings(record, "src_tags", path, line, True), path, line)
    tgt_tags, tgt_repairs = _checked_tags(tgt, _strings(record, "tgt_tags", path, line, True), path, line)
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise XprojError(Errors.E009, path=path, line=line, detail="'meta' must be an object")
    pair = SentencePair(
        str(record["id"]), str(record["src_lang"]), str(record["tgt_lang"]), src, tgt, src_tags, tgt_tags, meta
    )
    return pair, src_repairs + tgt_repairs


def read_jsonl(path: str | Path) -> list[SentencePair]:
    """All sentence pairs of a canonical JSONL file (orphan ``I-`` repaired to ``B-`` with one warning)."""
    pairs: list[SentencePair] = []
    repairs = 0
    for line, record in read_json_lines(path):
        pair, fixed = record_to_pair(record, path, line)
        pairs.append(pair)
        repairs += fixed
    if not pairs:
        raise XprojError(Errors.E002, path=path)
    if repairs:
        log.warning("%s: repaired %d orphan I- tag(s) to B-", path, repairs)
    return pairs


def write_jsonl(path: str | Path, pairs: Iterable[SentencePair]) -> int:
    """Write the canonical records atomically; returns how many were written."""
    count = 0
    with atomic_write(path) as handle:
        for pair in pairs:
            handle.write(json.dumps(pair.to_record(), ensure_ascii=False) + "\n")
            count += 1
    return count
