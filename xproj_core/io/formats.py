"""File formats by name, for ``xproj convert --format`` and the app: each reads files into sentence pairs.

| format | files | reads |
|---|---|---|
| ``jsonl`` | 1 | canonical JSONL |
| ``conll`` / ``uner`` | 1 | tagged CoNLL columns (first/last, or UNER id-token-tag) → target side |
| ``conll2`` | 2 | two line-parallel tagged CoNLL files → both sides |
| ``tokpairs`` | 1 | ``src ||| tgt`` tokens (gold tags for one side with ``gold``) |
| ``tsv`` | 1 | TSV with a header, untagged |
| ``lines`` | 2 | two line-aligned text files, untagged |
| ``multiway`` | 1 | multiway JSON lines ``{"text": {lang: ...}}`` (SALT) |
| ``hf`` | 1 | Hugging Face dataset folder (``save_to_disk``) or parquet → target side |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, XprojError
from ..types import SentencePair
from .conll import monolingual_pairs, read_conll_monolingual, read_conll_pair
from .hf import MASAKHANER_LABELS, read_hf_dataset, read_hf_jsonl
from .jsonl import read_jsonl
from .parallel_text import read_line_pairs, read_multiway_jsonl, read_tsv_pairs
from .tokpairs import read_token_pair_corpus


@dataclass(frozen=True)
class ReadOptions:
    """Options some formats take; languages default to ``src``/``tgt``."""

    src_lang: str = "src"
    tgt_lang: str = "tgt"
    gold: Path | None = None
    labels: Sequence[str] = MASAKHANER_LABELS
    gold_side: str = "tgt"
    split: str | None = None
    src_column: str | int = 0
    tgt_column: str | int = 1


def _tokpairs(paths: list[Path], o: ReadOptions) -> list[SentencePair]:
    gold = read_hf_jsonl(o.gold, o.labels) if o.gold is not None else None
    return read_token_pair_corpus(paths[0], o.src_lang, o.tgt_lang, gold, o.gold, o.gold_side)


FORMATS: dict[str, tuple[int, Callable[[list[Path], ReadOptions], list[SentencePair]]]] = {
    "jsonl": (1, lambda p, o: read_jsonl(p[0])),
    "conll": (1, lambda p, o: read_conll_monolingual(p[0], o.tgt_lang)),
    "uner": (1, lambda p, o: read_conll_monolingual(p[0], o.tgt_lang, layout="uner")),
    "conll2": (2, lambda p, o: read_conll_pair(p[0], p[1], o.src_lang, o.tgt_lang)),
    "tokpairs": (1, _tokpairs),
    "tsv": (1, lambda p, o: read_tsv_pairs(p[0], o.src_lang, o.tgt_lang, o.src_column, o.tgt_column)),
    "lines": (2, lambda p, o: read_line_pairs(p[0], p[1], o.src_lang, o.tgt_lang)),
    "multiway": (1, lambda p, o: read_multiway_jsonl(p[0], o.src_lang, o.tgt_lang)),
    "hf": (1, lambda p, o: monolingual_pairs(read_hf_dataset(p[0], o.split), o.tgt_lang)),
}
"""Format name → (number of files, reader)."""


def read_files(fmt: str, paths: Sequence[str | Path], options: ReadOptions = ReadOptions()) -> list[SentencePair]:
    """Read ``paths`` in format ``fmt`` (E006 for an unknown format, E016 for a wrong number of files)."""
    if fmt not in FORMATS:
        raise XprojError(Errors.E006, path=paths[0] if paths else None, fmt=fmt, known=", ".join(FORMATS))
    n_files, reader = FORMATS[fmt]
    if len(paths) != n_files:
        raise XprojError(Errors.E016, option=f"--format {fmt}", detail=f"takes {n_files} file(s), got {len(paths)}")
    return reader([Path(p) for p in paths], options)
