"""CoNLL column files: one token per line, blank lines between sentences.

Handles 2 columns (Europarl-NER ``*.conll02``, tab-separated; MasakhaNER2 ``*.txt``, space-separated),
4-column CoNLL-2003 (with or without ``-DOCSTART-``), ``# key = value`` comment lines (their values go
to the sentence's ``meta``, e.g. ``sent_id``) and UNER-style 5 columns (``uner`` layout: id, token,
tag, ...). Columns are split on tabs when a file's first token line has one, else on whitespace. Tags
are checked with :func:`xproj_core.tags.validate_tags`: an orphan ``I-`` is repaired to ``B-`` and
counted (one warning per file).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError, check_choice
from ..tags import TagSyntaxError, validate_tags
from ..types import SentencePair
from .atomic import atomic_write
from .text import read_lines

log = logging.getLogger(__name__)

COMMENT_RE = re.compile(r"^#\s*([\w.\-]+)\s*=\s*(.*)$")
DOCSTART = "-DOCSTART-"

LAYOUTS: dict[str, tuple[int, int]] = {"conll": (0, -1), "uner": (1, 2)}
"""Named (token column, tag column) choices: ``conll`` = first and last column, ``uner`` = 2nd and 3rd."""


@dataclass
class TaggedSentence:
    """Tokens and IOB2 tags of one sentence, with the line it starts on."""

    tokens: list[str]
    tags: list[str]
    line: int
    repairs: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


def _split(text: str, tab: bool) -> list[str]:
    return text.split("\t") if tab else text.split()


def _finish(
    path: Path, rows: list[tuple[int, list[str]]], comments: dict[str, str], token_col: int, tag_col: int
) -> TaggedSentence | None:
    """Build a sentence from its (line number, columns) rows; None for a ``-DOCSTART-`` block."""
    if rows[0][1][0] == DOCSTART:
        return None
    need = max(2, *(c + 1 if c >= 0 else -c for c in (token_col, tag_col)))
    short = next((n for n, cols in rows if len(cols) < need), None)
    if short is not None:
        n_tags = sum(len(cols) >= need for _, cols in rows)
        raise XprojError(Errors.E003, path=path, line=short, n_tokens=len(rows), n_tags=n_tags)
    tokens = [cols[token_col] for _, cols in rows]
    try:
        tags, repairs = validate_tags([cols[tag_col] for _, cols in rows])
    except TagSyntaxError as error:
        raise XprojError(Errors.E004, path=path, line=rows[error.index][0], tag=error.tag) from None
    return TaggedSentence(tokens, tags, rows[0][0], repairs, dict(comments))


def read_conll(path: str | Path, token_col: int = 0, tag_col: int = -1) -> list[TaggedSentence]:
    """Sentences of a CoNLL column file; ``token_col``/``tag_col`` pick the columns (negative = from the end)."""
    path = Path(path)
    lines = read_lines(path, allow_empty_lines=True)
    first = next((t for t in lines if t.strip() and not COMMENT_RE.match(t)), "")
    tab = "\t" in first
    sentences: list[TaggedSentence] = []
    rows: list[tuple[int, list[str]]] = []
    comments: dict[str, str] = {}
    for number, text in enumerate(lines + [""], start=1):
        if text.strip():
            match = COMMENT_RE.match(text)
            if match and not rows:
                comments[match.group(1)] = match.group(2).strip()
            else:
                rows.append((number, _split(text.rstrip(), tab)))
            continue
        if rows:
            sentence = _finish(path, rows, comments, token_col, tag_col)
            if sentence is not None:
                sentences.append(sentence)
        rows, comments = [], {}
    if not sentences:
        raise XprojError(Errors.E002, path=path)
    repairs = sum(s.repairs for s in sentences)
    if repairs:
        log.warning("%s: repaired %d orphan I- tag(s) to B-", path, repairs)
    return sentences


def read_conll_layout(path: str | Path, layout: str = "conll") -> list[TaggedSentence]:
    """:func:`read_conll` with a named column layout (see :data:`LAYOUTS`)."""
    if layout not in LAYOUTS:
        raise XprojError(Errors.E006, path=path, fmt=layout, known=", ".join(LAYOUTS))
    return read_conll(path, *LAYOUTS[layout])


def read_conll_pair(
    src_path: str | Path,
    tgt_path: str | Path,
    src_lang: str,
    tgt_lang: str,
    id_prefix: str = "",
    layout: str = "conll",
) -> list[SentencePair]:
    """Two line-parallel CoNLL files (sentence i ↔ sentence i) as pairs with gold tags on both sides."""
    src = read_conll_layout(src_path, layout)
    tgt = read_conll_layout(tgt_path, layout)
    if len(src) != len(tgt):
        raise XprojError(Errors.E007, path=tgt_path, n_src=len(src), src=src_path, n_tgt=len(tgt), tgt=tgt_path)
    return [
        SentencePair(
            id=f"{id_prefix}{index}",
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            src_tokens=s.tokens,
            tgt_tokens=t.tokens,
            src_tags=s.tags,
            tgt_tags=t.tags,
            meta={"src_line": s.line, "tgt_line": t.line, **{f"src_{k}": v for k, v in s.meta.items()}},
        )
        for index, (s, t) in enumerate(zip(src, tgt))
    ]


def monolingual_pairs(sentences: Sequence[TaggedSentence], lang: str) -> list[SentencePair]:
    """Tagged sentences as pairs with the sentence on the *target* side and an empty, untagged source."""
    return [
        SentencePair(
            id=s.meta.get("sent_id", str(index)),
            src_lang="",
            tgt_lang=lang,
            src_tokens=[],
            tgt_tokens=s.tokens,
            src_tags=None,
            tgt_tags=s.tags,
            meta={"line": s.line, **s.meta},
        )
        for index, s in enumerate(sentences)
    ]


def read_conll_monolingual(path: str | Path, lang: str, layout: str = "conll") -> list[SentencePair]:
    """A tagged monolingual file as pairs with the sentence on the *target* side (:func:`monolingual_pairs`)."""
    return monolingual_pairs(read_conll_layout(path, layout), lang)


def write_conll(path: str | Path, sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> None:
    """Write ``token<TAB>tag`` lines with a blank line after each sentence, atomically."""
    with atomic_write(path) as handle:
        for tokens, tags in sentences:
            for token, tag in zip(tokens, tags, strict=True):
                handle.write(f"{token}\t{tag}\n")
            handle.write("\n")


def write_conll_side(path: str | Path, pairs: Sequence[SentencePair], side: str = "tgt") -> None:
    """One side (``src`` or ``tgt``) of sentence pairs as a CoNLL file; an untagged side is an error (E017)."""
    check_choice("side", side, ("src", "tgt"))
    untagged = next((p for p in pairs if getattr(p, f"{side}_tags") is None), None)
    if untagged is not None:
        raise XprojError(
            Errors.E017,
            path=path,
            what=f"a {side}-side tag sequence for pair {untagged.id!r}",
            detail="that side is untagged",
        )
    write_conll(path, ((getattr(p, f"{side}_tokens"), getattr(p, f"{side}_tags")) for p in pairs))
