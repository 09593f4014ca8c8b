"""Untagged parallel text → sentence pairs, tokenised with :func:`xproj_core.io.tokenize.tokenize`.

Layouts: two line-aligned files (NLLB-Seed, FLORES, WMT, Tatoeba, Multi30K task 1; ``.gz`` works),
TSV with a header naming the languages (MAFAND-MT ``en<TAB>yor``, MENYO-20k ``English<TAB>Yoruba``;
CSV quoting as Python's ``csv`` reads it, trailing blank columns ignored), multiway JSON lines
(SALT ``{"text": {"eng": ..., "lug": ...}}``) and image captions written independently per language
(Multi30K task 2: every source caption of an image paired with every target caption of it; such
pairs are comparable, not translations, and ``meta["comparable"]`` says so). The raw text of each side
is kept in ``meta["src_text"]`` / ``meta["tgt_text"]``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..types import SentencePair
from .jsonl import read_json_lines
from .text import read_lines, read_text
from .tokenize import tokenize


def text_pair(
    pair_id: str, src_lang: str, tgt_lang: str, src_text: str, tgt_text: str, meta: dict[str, Any] | None = None
) -> SentencePair:
    """A tokenised, untagged sentence pair that keeps its raw text in ``meta``."""
    return SentencePair(
        pair_id,
        src_lang,
        tgt_lang,
        tokenize(src_text),
        tokenize(tgt_text),
        meta={"src_text": src_text, "tgt_text": tgt_text, **(meta or {})},
    )


def _same_count(src: Sequence[Any], tgt: Sequence[Any], src_path: str | Path, tgt_path: str | Path) -> None:
    if len(src) != len(tgt):
        raise XprojError(Errors.E007, path=tgt_path, n_src=len(src), src=src_path, n_tgt=len(tgt), tgt=tgt_path)


def read_line_pairs(
    src_path: str | Path, tgt_path: str | Path, src_lang: str, tgt_lang: str, id_prefix: str = ""
) -> list[SentencePair]:
    """Two line-aligned files: line i of one translates line i of the other; empty lines are errors."""
    src, tgt = read_lines(src_path), read_lines(tgt_path)
    _same_count(src, tgt, src_path, tgt_path)
    return [text_pair(f"{id_prefix}{i}", src_lang, tgt_lang, s, t) for i, (s, t) in enumerate(zip(src, tgt))]


def read_tsv_pairs(
    path: str | Path,
    src_lang: str,
    tgt_lang: str,
    src_column: str | int = 0,
    tgt_column: str | int = 1,
    id_prefix: str = "",
) -> list[SentencePair]:
    """A TSV file with a header line; columns are picked by header name or index."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter="\t")
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise XprojError(Errors.E002, path=path)
    header = [h.strip() for h in header]
    columns = []
    for column in (src_column, tgt_column):
        if isinstance(column, str) and column not in header:
            raise XprojError(Errors.E012, path=path, line=1, field=column)
        columns.append(header.index(column) if isinstance(column, str) else column)
    pairs: list[SentencePair] = []
    for row in reader:
        line = reader.line_num
        fields = [f.strip() for f in row]
        while len(fields) > len(header) and fields[-1] in ("", '"'):
            fields.pop()
        if not any(fields):
            continue
        if len(fields) != len(header):
            raise XprojError(
                Errors.E009, path=path, line=line, detail=f"{len(fields)} columns, header has {len(header)}"
            )
        src_text, tgt_text = fields[columns[0]], fields[columns[1]]
        if not src_text or not tgt_text:
            raise XprojError(Errors.E008, path=path, line=line)
        pairs.append(text_pair(f"{id_prefix}{len(pairs)}", src_lang, tgt_lang, src_text, tgt_text, {"line": line}))
    if not pairs:
        raise XprojError(Errors.E002, path=path)
    return pairs


def read_multiway_jsonl(
    path: str | Path, src_lang: str, tgt_lang: str, field: str = "text", id_prefix: str = ""
) -> list[SentencePair]:
    """JSON lines holding ``{field: {lang: text, ...}}`` (SALT); the two languages are picked by key."""
    pairs = []
    for line, record in read_json_lines(path):
        texts = record.get(field)
        if not isinstance(texts, dict):
            raise XprojError(Errors.E012, path=path, line=line, field=field)
        for lang in (src_lang, tgt_lang):
            if not isinstance(texts.get(lang), str):
                raise XprojError(Errors.E012, path=path, line=line, field=f"{field}.{lang}")
            if not texts[lang].strip():
                raise XprojError(Errors.E008, path=path, line=line)
        pairs.append(
            text_pair(f"{id_prefix}{len(pairs)}", src_lang, tgt_lang, texts[src_lang], texts[tgt_lang], {"line": line})
        )
    if not pairs:
        raise XprojError(Errors.E002, path=path)
    return pairs


def read_image_captions(
    images_path: str | Path,
    src_paths: Sequence[str | Path],
    tgt_paths: Sequence[str | Path],
    src_lang: str,
    tgt_lang: str,
    id_prefix: str = "",
) -> list[SentencePair]:
    """Captions written independently per language, line i of every file describing image i.

    Each image gives ``len(src_paths) * len(tgt_paths)`` comparable pairs: source caption k with
    target caption m (1-based ``k``/``m`` in ``meta``).
    """
    images = read_lines(images_path)
    src = [read_lines(p) for p in src_paths]
    tgt = [read_lines(p) for p in tgt_paths]
    for path, lines in zip([*src_paths, *tgt_paths], [*src, *tgt]):
        _same_count(images, lines, images_path, path)
    src_tokens = [[tokenize(t) for t in lines] for lines in src]
    tgt_tokens = [[tokenize(t) for t in lines] for lines in tgt]
    pairs = []
    for i, image in enumerate(images):
        for k in range(len(src)):
            for m in range(len(tgt)):
                meta = {
                    "image": image,
                    "src_caption": k + 1,
                    "tgt_caption": m + 1,
                    "comparable": True,
                    "src_text": src[k][i],
                    "tgt_text": tgt[m][i],
                }
                pairs.append(
                    SentencePair(
                        f"{id_prefix}{i}-{k + 1}-{m + 1}",
                        src_lang,
                        tgt_lang,
                        src_tokens[k][i],
                        tgt_tokens[m][i],
                        meta=meta,
                    )
                )
    return pairs
