"""Headerless delimited files with one sentence pair per row: Visual Genome (Hindi, Bengali,
Malayalam: tab-separated image id, x, y, width, height, English, target; no quoting) and HaVQA
(CSV, fields may be quoted: idx, image id, English, Hausa). Every row must have ``n_columns`` fields and two
non-empty texts; the image id goes to ``meta["image"]``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Errors, XprojError
from ..types import SentencePair
from .parallel_text import text_pair
from .text import read_text


def delimited_rows(
    path: str | Path, delimiter: str, n_columns: int, quoted: bool = True
) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each non-blank row, checking the column count (E009); ``quoted``:
    fields may be quoted as Python's ``csv`` reads them, else a ``"`` is an ordinary character."""
    quoting = csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=delimiter, quoting=quoting)
    rows = []
    line = 1
    for row in reader:
        if any(f.strip() for f in row):
            if len(row) != n_columns:
                raise XprojError(Errors.E009, path=path, line=line, detail=f"{len(row)} columns, expected {n_columns}")
            rows.append((line, row))
        line = reader.line_num + 1
    if not rows:
        raise XprojError(Errors.E002, path=path)
    return rows


def read_delimited_pairs(
    path: str | Path,
    src_lang: str,
    tgt_lang: str,
    *,
    delimiter: str,
    n_columns: int,
    src_column: int,
    tgt_column: int,
    image_column: int,
    quoted: bool = True,
) -> list[SentencePair]:
    """Sentence pairs of a headerless delimited file (see the module docstring)."""
    pairs = []
    for line, row in delimited_rows(path, delimiter, n_columns, quoted):
        src_text, tgt_text = row[src_column].strip(), row[tgt_column].strip()
        if not src_text or not tgt_text:
            raise XprojError(Errors.E008, path=path, line=line)
        meta = {"image": row[image_column].strip(), "line": line}
        pairs.append(text_pair(str(len(pairs)), src_lang, tgt_lang, src_text, tgt_text, meta))
    return pairs
