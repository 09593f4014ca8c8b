"""Named corpora: ``europarl-ner:en-de``, ``masakhaner2:hau``, ... or a path to a canonical ``.jsonl``.

Data roots, searched in order: the data directory given (``--data-dir`` / ``data_dir``, else the
environment variable ``XPROJ_DATA``), the vendored demo data in the repository's ``data/`` (always),
and ``../shared/data`` beside the repository when it exists and no data directory was given. Every
root has the ``../shared/data`` layout. A name resolves to the first root holding its files.

The families are declared by keyword in ``gold.py``, ``parallel.py``, ``image_text.py`` and
``alignment.py`` (one :class:`~.base.Dataset` subclass per file layout, in ``layouts.py``) and
registered in :data:`DATASETS`. Several names joined by ``+`` (``flores:en-hau+ntrex:en-hau``) load
as one corpus (:func:`load_corpora`).

Conventions: pair ids are the 0-based sentence index (``name/index`` in a joined corpus); language
codes are the ones in the name; tagged monolingual corpora (MasakhaNER2, WikiANN, CoNLL-2003, HiNER,
IL-NER, Bengali-NER) put their sentence on the *target* side with an empty, untagged source; corpora
with word alignments keep them per pair in ``meta["links"]`` (and ``meta["possible"]``) as
``[src, tgt]`` index pairs, read back with :func:`xproj_core.io.links.corpus_alignments` (re-exported).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Errors, XprojError
from ..io.jsonl import read_jsonl
from ..io.links import corpus_alignments  # noqa: F401 (re-exported)
from ..registry import Registry
from ..types import Corpus
from .alignment import ALIGNMENT_DATASETS
from .base import Dataset
from .gold import GOLD_DATASETS
from .image_text import IMAGE_TEXT_DATASETS
from .parallel import PARALLEL_DATASETS

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDORED = REPO_ROOT / "data"
SHARED = REPO_ROOT.parent / "shared" / "data"
ENV_VAR = "XPROJ_DATA"
JOIN = "+"


@dataclass(frozen=True)
class DatasetInfo:
    """One named corpus found in a data root: ``size`` is its number of sentence pairs."""

    name: str
    size: int
    description: str
    source: str
    root: str
    kind: str = ""
    languages: tuple[str, str] = ("", "")


DATASETS: Registry[Corpus] = Registry("dataset")
"""Family name → a loader ``(argument, data_dir=None) -> Corpus``; ``DATASETS.create("flores:en-hau")``."""
CATALOGUE: dict[str, Dataset] = {}
"""Family name → its declaration, in listing order."""


def _register(dataset: Dataset) -> None:
    def load(argument: str | None = None, data_dir: str | Path | None = None) -> Corpus:
        return load_corpus(dataset.full_name(argument or ""), data_dir)

    takes_argument = "" not in dataset.variants
    DATASETS.register(
        dataset.name,
        dataset.description,
        takes_argument=takes_argument,
        argument_help="|".join(list(dataset.variants)[:3]) + "|…",
    )(load)
    CATALOGUE[dataset.name] = dataset


for _dataset in (*GOLD_DATASETS, *PARALLEL_DATASETS, *IMAGE_TEXT_DATASETS, *ALIGNMENT_DATASETS):
    _register(_dataset)


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


def list_datasets(data_dir: str | Path | None = None, kinds: Sequence[str] | None = None) -> list[DatasetInfo]:
    """Every named corpus in the data roots (a name found in several roots is listed once, first root);
    ``kinds`` keeps only those families (``gold``, ``parallel``, ``image-text``, ``alignment``)."""
    seen: dict[str, DatasetInfo] = {}
    for root in data_roots(data_dir):
        for dataset in CATALOGUE.values():
            if kinds is not None and dataset.kind not in kinds:
                continue
            for argument in dataset.found(root):
                name = dataset.full_name(argument)
                if name not in seen:
                    size = dataset.count(root, argument)
                    seen[name] = DatasetInfo(
                        name,
                        size,
                        dataset.description,
                        dataset.source,
                        str(root),
                        dataset.kind,
                        dataset.languages(argument),
                    )
    return sorted(seen.values(), key=lambda info: info.name)


def find_dataset(spec: str) -> tuple[Dataset, str]:
    """The family a name belongs to and its argument, completed with defaults (E013 when unknown)."""
    prefix, _, argument = spec.partition(":")
    dataset = CATALOGUE.get(prefix)
    if dataset is None:
        raise XprojError(Errors.E013, name=spec)
    argument = dataset.resolve(argument)
    dataset.files(argument)
    return dataset, argument


def load_corpus(spec: str, data_dir: str | Path | None = None) -> Corpus:
    """A corpus by dataset name (``europarl-ner:en-de``), by ``+``-joined names, or from a canonical
    ``.jsonl`` file."""
    if spec.endswith(".jsonl") or Path(spec).is_file():
        path = Path(spec)
        return Corpus(path.stem, read_jsonl(path), {"source": str(path)})
    if JOIN in spec:
        return load_corpora(spec.split(JOIN), data_dir)
    dataset, argument = find_dataset(spec)
    roots = data_roots(data_dir)
    for root in roots:
        if dataset.available(root, argument):
            pairs = dataset.read(root, argument)
            meta = {"source": dataset.source, "root": str(root), "kind": dataset.kind}
            if dataset.tagset:
                meta["tagset"] = dataset.tagset
            return Corpus(dataset.full_name(argument), pairs, meta)
    searched = ", ".join(str(r) for r in roots)
    raise XprojError(Errors.E017, what=f"dataset {spec!r}", detail=f"its files are not in {searched}; pass --data-dir")


def load_corpora(specs: Sequence[str], data_dir: str | Path | None = None) -> Corpus:
    """Several corpora concatenated in order (``--parallel A --parallel B``): pair ids become
    ``name/id`` and ``meta["dataset"]`` names each pair's corpus; one name loads as it is."""
    specs = [s.strip() for s in specs]
    if not specs or not all(specs):
        raise XprojError(Errors.E013, name=JOIN.join(specs))
    if len(specs) == 1:
        return load_corpus(specs[0], data_dir)
    corpora = [load_corpus(spec, data_dir) for spec in specs]
    pairs = [
        replace(pair, id=f"{corpus.name}/{pair.id}", meta={**pair.meta, "dataset": corpus.name})
        for corpus in corpora
        for pair in corpus
    ]
    parts = [{"name": c.name, "pairs": len(c), **c.meta} for c in corpora]
    return Corpus(JOIN.join(c.name for c in corpora), pairs, {"parts": parts})


def english_sentences(spec: str, data_dir: str | Path | None = None) -> list[str]:
    """The English side of a parallel or image–text corpus as raw text, each distinct sentence once
    (Multi30K task 2 repeats each caption five times) — the input of an English tagger."""
    corpus = load_corpus(spec, data_dir)
    texts: dict[str, None] = {}
    for pair in corpus:
        side = "src" if is_english(pair.src_lang) else "tgt" if is_english(pair.tgt_lang) else None
        if side is None:
            raise XprojError(Errors.E042, name=spec, langs=f"{pair.src_lang}-{pair.tgt_lang}")
        text = pair.meta.get(f"{side}_text") or " ".join(getattr(pair, f"{side}_tokens"))
        texts.setdefault(text, None)
    return list(texts)


def is_english(code: str) -> bool:
    return code in ("en", "eng")
