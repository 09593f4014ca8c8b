"""The dataset abstraction: one :class:`Dataset` per family, declared by keyword with its variants.

A family is named ``name:argument`` (``name`` alone when it has one variant, ``""``). ``variants``
maps each argument to the files it needs, relative to a data root, as sacrebleu's ``langpairs`` do;
a variant is listed where all its files exist. A subclass per file layout says how to read and count.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, XprojError
from ..io.text import read_text
from ..types import SentencePair

GOLD, PARALLEL, IMAGE_TEXT, ALIGNMENT = "gold", "parallel", "image-text", "alignment"
KINDS = (GOLD, PARALLEL, IMAGE_TEXT, ALIGNMENT)
"""``gold``: tagged NER data; ``parallel``: untagged translated text; ``image-text``: captions or
questions about images with their translations; ``alignment``: pairs with gold word alignments."""


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """A family of corpora; subclasses implement :meth:`read` for one file layout."""

    name: str
    description: str
    source: str
    kind: str
    variants: dict[str, tuple[str, ...]]
    """Listed arguments → the files each needs, relative to a data root."""
    also_accepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Arguments read by name but not listed (other language orders: ``europarl-ner:de-it``)."""
    default_split: str = ""
    """Appended (``:split``) to an argument that names no split, when the family has splits."""
    tagset: str | None = None
    """The :mod:`xproj_core.tagsets` entry of a gold family (its tags are already mapped when read)."""
    languages_of: tuple[str, str] | None = None
    """(source, target) languages when the argument does not name them (``conll2003-en:test``)."""
    test_split: str = "test"
    """The split a gold family is evaluated on (HiNER: ``validation``, the only one copied)."""

    def full_name(self, argument: str) -> str:
        return f"{self.name}:{argument}" if argument else self.name

    def resolve(self, argument: str) -> str:
        """The argument with its default split, when it names none."""
        if self.default_split and argument and f"{argument}:{self.default_split}" in self.variants:
            return f"{argument}:{self.default_split}"
        if not argument and self.default_split in self.variants:
            return self.default_split
        return argument

    def files(self, argument: str) -> tuple[str, ...]:
        """The files a variant needs (E013 for an unknown argument)."""
        files = self.variants.get(argument) or self.also_accepts.get(argument)
        if files is None:
            raise XprojError(Errors.E013, name=self.full_name(argument))
        return files

    def available(self, root: Path, argument: str) -> bool:
        return all((root / f).is_file() for f in self.files(argument))

    def found(self, root: Path) -> list[str]:
        """The arguments whose files are all in ``root``."""
        return [a for a in self.variants if self.available(root, a)]

    def languages(self, argument: str) -> tuple[str, str]:
        """(source, target) language codes as the name gives them; ``""`` for an empty source side."""
        if self.languages_of is not None:
            return self.languages_of
        pair = argument.split(":")[0]
        if "-" in pair:
            src, tgt = pair.split("-", 1)
            return src, tgt
        return "", pair

    def is_test(self, argument: str) -> bool:
        """Whether a variant is an evaluation set: its split is ``test_split``, or the family has no splits."""
        if not self.default_split:
            return True
        return argument.split(":")[-1] == self.test_split

    def read(self, root: Path, argument: str) -> list[SentencePair]:
        raise NotImplementedError

    def count(self, root: Path, argument: str) -> int:
        """Sentence pairs of a variant without a full parse (default: non-blank lines of the first file)."""
        return count_lines(root / self.files(argument)[0])

    def paths(self, root: Path, argument: str) -> list[Path]:
        return [root / f for f in self.files(argument)]


def count_blocks(path: Path) -> int:
    """Sentences in a CoNLL file: blank-line separated blocks, ``-DOCSTART-`` blocks excluded."""
    blocks = re.split(r"\n[ \t\r]*\n", read_text(path).strip())
    return sum(1 for b in blocks if b.strip() and not b.startswith("-DOCSTART-"))


def count_lines(path: Path) -> int:
    """Non-blank lines of a text file."""
    return sum(1 for line in read_text(path).split("\n") if line.strip())


def count_rows(path: Path, delimiter: str = "\t", header: bool = True) -> int:
    """Non-blank rows of a delimited file (quoted fields may span lines), less the header if any."""
    rows = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=delimiter)
    return sum(1 for row in rows if any(f.strip() for f in row)) - int(header)
