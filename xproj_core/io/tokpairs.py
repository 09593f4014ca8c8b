"""Pre-tokenised ``src ||| tgt`` files (fast_align / awesome-align / eflomal input), one sentence pair per line.

The only reader and writer of this format in xproj (aligner input, eflomal's extra data, app uploads and
``cached:`` translation tables all come through here). Tokens are separated by whitespace. The rule for
every line: exactly one ``|||`` separator (else E009) and at least one token on each side; a blank line
or an empty side is E008, because line i is pair i and gold files are joined by line.

Gold tags for one side can be joined from a tagged file that is line-aligned with the pairs (e.g. the
Bambara translate-test ``en-bam-tokens.txt`` with MasakhaNER2 ``test-bam.jsonl``; the gold tokens must
equal that side's tokens), or read from a file of space-separated IOB2 tags, one line per pair
(:func:`read_tag_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Errors, XprojError, check_choice
from ..tags import TagSyntaxError, validate_tags
from ..types import Corpus, SentencePair
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
    check_choice("gold_side", gold_side, ("src", "tgt"))
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
                first = next(
                    (k for k, (a, b) in enumerate(zip(sentence.tokens, tokens)) if a != b),
                    min(len(tokens), len(sentence.tokens)),
                )
                detail = f"token {first + 1}: {sentence.tokens[first : first + 1]} vs {tokens[first : first + 1]}"
                raise XprojError(
                    Errors.E300, path=gold_path, line=sentence.line, index=index, side=gold_side, detail=detail
                )
            setattr(pair, f"{gold_side}_tags", sentence.tags)
            pair.meta.update(sentence.meta)
        pairs.append(pair)
    return pairs


def read_token_pair_file(path: str | Path, src_lang: str = "src", tgt_lang: str = "tgt") -> Corpus:
    """A corpus named after the file, pair ids ``0``, ``1``, … (0-based line numbers)."""
    return Corpus(Path(path).name, read_token_pair_corpus(path, src_lang, tgt_lang))


def read_tag_lines(path: str | Path, pairs: Sequence[SentencePair], side: str = "src") -> None:
    """Set the ``side`` tags of ``pairs`` from ``path``: space-separated IOB2 tags, one line per pair."""
    lines = read_lines(path)
    if len(lines) != len(pairs):
        raise XprojError(Errors.E007, path=path, n_src=len(pairs), src="the pairs", n_tgt=len(lines), tgt=path)
    for number, (line, pair) in enumerate(zip(lines, pairs), start=1):
        tags, tokens = line.split(), getattr(pair, f"{side}_tokens")
        if len(tags) != len(tokens):
            raise XprojError(Errors.E003, path=path, line=number, n_tokens=len(tokens), n_tags=len(tags))
        try:
            setattr(pair, f"{side}_tags", validate_tags(tags)[0])
        except TagSyntaxError as error:
            raise XprojError(Errors.E004, path=path, line=number, tag=error.tag) from None


def write_token_pairs(path: str | Path, pairs: Sequence[SentencePair]) -> None:
    """Write ``src ||| tgt`` lines atomically; a pair that would not read back (see the module rule) is E009."""
    with atomic_write(path) as handle:
        for index, pair in enumerate(pairs):
            tokens = pair.src_tokens + pair.tgt_tokens
            if not pair.src_tokens or not pair.tgt_tokens or any(SEPARATOR in token for token in tokens):
                raise XprojError(
                    Errors.E009,
                    path=path,
                    line=index + 1,
                    detail=f"pair {pair.id!r} has an empty side or a {SEPARATOR!r} token",
                )
            handle.write(f"{' '.join(pair.src_tokens)} {SEPARATOR} {' '.join(pair.tgt_tokens)}\n")
