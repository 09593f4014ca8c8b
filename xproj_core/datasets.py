"""Named corpora: ``europarl-ner:en-de``, ``masakhaner2:hau``, ... or a path to a canonical ``.jsonl``.

Data roots, searched in order: the data directory given (``--data-dir`` / ``data_dir``, else the
environment variable ``XPROJ_DATA``), the vendored demo data in the repository's ``data/`` (always),
and ``../shared/data`` beside the repository when it exists and no data directory was given. Every
root has the ``../shared/data`` layout. A name resolves to the first root holding its files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import Errors, XprojError
from .io.conll import read_conll_pair
from .io.jsonl import read_jsonl
from .io.text import read_text
from .types import Corpus, SentencePair

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDORED = REPO_ROOT / "data"
SHARED = REPO_ROOT.parent / "shared" / "data"
ENV_VAR = "XPROJ_DATA"


@dataclass(frozen=True)
class DatasetInfo:
    """One named corpus found in a data root: ``size`` is its number of sentence pairs."""

    name: str
    size: int
    description: str
    source: str
    root: str


@dataclass(frozen=True)
class Family:
    """A kind of dataset, named ``prefix:argument`` (``prefix`` alone when the argument is ``""``).

    ``candidates(root)`` proposes the arguments to list, ``files(argument)`` gives the files (relative
    to a root) a variant needs and raises E013 for an invalid argument, ``default`` completes a short
    argument (``hau`` → ``hau:test``).
    """

    prefix: str
    description: str
    source: str
    candidates: Callable[[Path], list[str]]
    files: Callable[[str], list[str]]
    load: Callable[[Path, str], list[SentencePair]]
    count: Callable[[Path, str], int]
    default: Callable[[str], str] = lambda argument: argument

    def name(self, argument: str) -> str:
        return f"{self.prefix}:{argument}" if argument else self.prefix

    def available(self, root: Path, argument: str) -> bool:
        return all((root / f).is_file() for f in self.files(argument))

    def variants(self, root: Path) -> list[str]:
        """The arguments whose files are all in ``root``."""
        return [a for a in self.candidates(root) if self.available(root, a)]


def data_roots(data_dir: str | Path | None = None) -> list[Path]:
    """The data roots to search, in order (see the module docstring)."""
    explicit = data_dir or os.environ.get(ENV_VAR) or None
    roots: list[Path] = []
    if explicit:
        root = Path(explicit)
        if not root.is_dir():
            raise XprojError(Errors.E001, path=root)
        roots.append(root)
    roots.append(VENDORED)
    if not explicit and SHARED.is_dir():
        roots.append(SHARED)
    return roots


def count_blocks(path: Path) -> int:
    """Sentences in a CoNLL file: blank-line separated blocks, ``-DOCSTART-`` blocks excluded."""
    blocks = re.split(r"\n[ \t\r]*\n", read_text(path).strip())
    return sum(1 for b in blocks if b.strip() and not b.startswith("-DOCSTART-"))


# --- Europarl-NER: the same 799 sentences, gold on both sides in en/de/es/it -----------------------

EUROPARL_LANGS = ("en", "de", "es", "it")


def _europarl_files(argument: str) -> list[str]:
    langs = argument.split("-")
    if len(langs) != 2 or not set(langs) <= set(EUROPARL_LANGS) or langs[0] == langs[1]:
        raise XprojError(Errors.E013, name=f"europarl-ner:{argument}")
    return [f"europarl-ner/{lang}-europarl.test.conll02" for lang in langs]


def _europarl_load(root: Path, argument: str) -> list[SentencePair]:
    src, tgt = argument.split("-")
    src_file, tgt_file = (root / f for f in _europarl_files(argument))
    return read_conll_pair(src_file, tgt_file, src, tgt, id_prefix=f"europarl-{src}{tgt}-")


FAMILIES: list[Family] = [
    Family(
        "europarl-ner",
        "Europarl, the same sentences with gold PER/LOC/ORG/MISC on both sides (any pair of en, de, es, it)",
        "ixa-ehu/ner-evaluation-corpus-europarl (Agerri et al., LREC 2018)",
        lambda root: [f"en-{lang}" for lang in EUROPARL_LANGS[1:]],
        _europarl_files,
        _europarl_load,
        lambda root, argument: count_blocks(root / _europarl_files(argument)[0]),
    ),
]


def _family(prefix: str) -> Family | None:
    return next((f for f in FAMILIES if f.prefix == prefix), None)


def list_datasets(data_dir: str | Path | None = None) -> list[DatasetInfo]:
    """Every named corpus in the data roots (a name found in several roots is listed once, first root)."""
    seen: dict[str, DatasetInfo] = {}
    for root in data_roots(data_dir):
        for family in FAMILIES:
            for argument in family.variants(root):
                name = family.name(argument)
                if name not in seen:
                    size = family.count(root, argument)
                    seen[name] = DatasetInfo(name, size, family.description, family.source, str(root))
    return sorted(seen.values(), key=lambda info: info.name)


def load_corpus(spec: str, data_dir: str | Path | None = None) -> Corpus:
    """A corpus by dataset name (``europarl-ner:en-de``) or from a canonical ``.jsonl`` file."""
    if spec.endswith(".jsonl") or Path(spec).is_file():
        path = Path(spec)
        return Corpus(path.stem, read_jsonl(path), {"source": str(path)})
    prefix, _, argument = spec.partition(":")
    family = _family(prefix)
    if family is None:
        raise XprojError(Errors.E013, name=spec)
    argument = family.default(argument)
    roots = data_roots(data_dir)
    for root in roots:
        if family.available(root, argument):
            pairs = family.load(root, argument)
            return Corpus(family.name(argument), pairs, {"source": family.source, "root": str(root)})
    searched = ", ".join(str(r) for r in roots)
    raise XprojError(Errors.E017, what=f"dataset {spec!r}", detail=f"its files are not in {searched}; pass --data-dir")

