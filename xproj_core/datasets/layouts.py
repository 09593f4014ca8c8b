"""One :class:`~xproj_core.datasets.base.Dataset` subclass per file layout; the readers live in ``io/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..io.conll import read_conll_monolingual, read_conll_pair
from ..io.delimited import read_delimited_pairs
from ..io.links import attach_links
from ..io.mapped_conll import read_mapped_monolingual
from ..io.parallel_text import read_line_pairs, read_multiway_jsonl, read_tsv_pairs
from ..io.pharaoh import read_pharaoh
from ..io.tokpairs import read_token_pair_corpus
from ..types import SentencePair
from .base import Dataset, count_blocks, count_lines, count_rows


@dataclass(frozen=True, kw_only=True)
class LinePairs(Dataset):
    """Two line-aligned text files (source, target); ``.gz`` read transparently."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        src, tgt = self.paths(root, argument)[:2]
        return read_line_pairs(src, tgt, *self.languages(argument))


@dataclass(frozen=True, kw_only=True)
class TsvPairs(Dataset):
    """A TSV file with a header line; the two columns are picked by header name or index."""

    src_column: str | int = 0
    tgt_column: str | int = 1

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        path = self.paths(root, argument)[0]
        return read_tsv_pairs(path, *self.languages(argument), self.src_column, self.tgt_column)

    def count(self, root: Path, argument: str) -> int:
        return count_rows(self.paths(root, argument)[0])


@dataclass(frozen=True, kw_only=True)
class MultiwayJsonl(Dataset):
    """JSON lines ``{"text": {lang: text, ...}}``: any two of the languages, picked by key."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        return read_multiway_jsonl(self.paths(root, argument)[0], *self.languages(argument))


@dataclass(frozen=True, kw_only=True)
class DelimitedPairs(Dataset):
    """A headerless delimited file, one pair per row, with an image id column."""

    delimiter: str
    n_columns: int
    src_column: int
    tgt_column: int
    image_column: int
    quoted: bool = True

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        return read_delimited_pairs(
            self.paths(root, argument)[0],
            *self.languages(argument),
            delimiter=self.delimiter,
            n_columns=self.n_columns,
            src_column=self.src_column,
            tgt_column=self.tgt_column,
            image_column=self.image_column,
            quoted=self.quoted,
        )

    def count(self, root: Path, argument: str) -> int:
        path = self.paths(root, argument)[0]
        return count_rows(path, self.delimiter, header=False) if self.quoted else count_lines(path)


@dataclass(frozen=True, kw_only=True)
class ConllPair(Dataset):
    """Two line-parallel CoNLL files with gold tags on both sides."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        src, tgt = self.paths(root, argument)
        return read_conll_pair(src, tgt, *self.languages(argument))

    def count(self, root: Path, argument: str) -> int:
        return count_blocks(self.paths(root, argument)[0])


@dataclass(frozen=True, kw_only=True)
class ConllMonolingual(Dataset):
    """One tagged CoNLL file in IOB2 (types as they are), the sentence on the target side."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        return read_conll_monolingual(self.paths(root, argument)[0], self.languages(argument)[1])

    def count(self, root: Path, argument: str) -> int:
        return count_blocks(self.paths(root, argument)[0])


@dataclass(frozen=True, kw_only=True)
class MappedConll(ConllMonolingual):
    """One "token TAG" file in a foreign tag set, mapped through ``tagset`` on reading."""

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        assert self.tagset is not None, f"{self.name} declares no tag set"
        return read_mapped_monolingual(self.paths(root, argument)[0], self.tagset, self.languages(argument)[1])


@dataclass(frozen=True, kw_only=True)
class AlignedTokenPairs(Dataset):
    """A ``src ||| tgt`` token-pair file and a Pharaoh file of its word alignments."""

    one_indexed: bool = False

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        text, gold = self.paths(root, argument)
        pairs = read_token_pair_corpus(text, *self.languages(argument))
        links = read_pharaoh(gold, one_indexed=True) if self.one_indexed else read_pharaoh(gold, n_pairs=len(pairs))
        attach_links(pairs, links, gold)
        return pairs
