"""Pre-tokenised ``src ||| tgt`` files (fast_align / awesome-align input), one sentence pair per line.

Tokens are separated by whitespace. Gold tags for one side can be joined from a tagged file that is
line-aligned with the pairs (e.g. the Bambara translate-test ``en-bam-tokens.txt`` with MasakhaNER2
``test-bam.jsonl``); the gold tokens must equal that side's tokens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import Errors, XprojError
from ..types import SentencePair
from .atomic import atomic_write
from .conll import TaggedSentence
from .text import read_lines

SEPARATOR = "|||"


def read_token_pairs(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """(source tokens, target tokens) of each line; a missing separator or an empty side is an error."""
    pairs = []
    for number, text in enumerate(read_lines(path), start=1):
        parts = text.split(SEPARATOR)
        if len(parts) != 2:
            raise XprojError(Errors.E009, path=path, line=number, detail=f"expected one {SEPARATOR!r} separator")
        src, tgt = parts[0].split(), parts[1].split()
        if not src or not tgt:
            raise XprojError(Errors.E008, path=path, line=number)
        pairs.append((src, tgt))
    return pairs


def read_token_pair_corpus(
    path: str | Path,
    src_lang: str,
    tgt_lang: str,
    gold: Sequence[TaggedSentence] | None = None,
    gold_path: str | Path | None = None,
    gold_side: str = "tgt",
    id_prefix: str = "",
) -> list[SentencePair]:
    """Sentence pairs of a ``src ||| tgt`` file, with ``gold`` tags (line-aligned) on ``gold_side``."""
    if gold_side not in ("src", "tgt"):
        raise XprojError(Errors.E016, option=gold_side, detail="the gold side must be 'src' or 'tgt'")
    token_pairs = read_token_pairs(path)
    if gold is not None and len(gold) != len(token_pairs):
        raise XprojError(Errors.E007, path=gold_path, n_src=len(token_pairs), src=path, n_tgt=len(gold), tgt=gold_path)
    pairs = []
    for index, (src, tgt) in enumerate(token_pairs):
        pair = SentencePair(f"{id_prefix}{index}", src_lang, tgt_lang, src, tgt, meta={"line": index + 1})
        if gold is not None:
            sentence = gold[index]
            tokens = src if gold_side == "src" else tgt
            if sentence.tokens != tokens:
                first = next((k for k, (a, b) in enumerate(zip(sentence.tokens, tokens)) if a != b), min(len(tokens), len(sentence.tokens)))
                detail = f"token {first + 1}: {sentence.tokens[first:first + 1]} vs {tokens[first:first + 1]}"
                raise XprojError(Errors.E300, path=gold_path, line=sentence.line, index=index, side=gold_side, detail=detail)
            setattr(pair, f"{gold_side}_tags", sentence.tags)
            pair.meta.update(sentence.meta)
        pairs.append(pair)
    return pairs


def write_token_pairs(path: str | Path, pairs: Sequence[SentencePair]) -> None:
    """Write ``src ||| tgt`` lines atomically (the input format of statistical aligners)."""
    with atomic_write(path) as handle:
        for pair in pairs:
            handle.write(f"{' '.join(pair.src_tokens)} {SEPARATOR} {' '.join(pair.tgt_tokens)}\n")
