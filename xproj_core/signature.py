"""Signatures: strings that say exactly how a cached result was made (after sacrebleu's ``Signature``).

``corpus:bam-translate-test|pair:en-bm|N:500|aligner:eflomal|method:heuristic|solver:-|seed:1|labels:spacy|types:all|parallel:nllb-seed|xproj:0.1.0|data:3f2a9c1d``
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from . import __version__
from .types import SentencePair

FIELD_KEYS = {
    "corpus": "corpus",
    "pair": "pair",
    "n": "N",
    "aligner": "aligner",
    "method": "method",
    "solver": "solver",
    "seed": "seed",
    "source_labels": "labels",
    "types": "types",
    "parallel": "parallel",
    "training": "training",
    "version": "xproj",
    "data_hash": "data",
}
"""Attribute → key in the signature string (the string format is fixed: cached cells are found by it)."""


@dataclass(frozen=True)
class Signature:
    """Everything that determines one evaluation cell's result."""

    corpus: str
    pair: str
    n: int = 0
    aligner: str = "-"
    method: str = "-"
    solver: str = "-"
    seed: int = 0
    source_labels: str = "gold"
    types: str = "all"
    parallel: str = "-"
    """The named parallel source a data-hungry aligner drew N extra sentences from; ``-`` for none."""
    training: str = "-"
    """How a trained-tagger cell trained its tagger (``head``, ``full``, ``zero-shot``, ``gold:head``); ``-``
    for a projection cell. Left out of the string when ``-``, so projection signatures are unchanged."""
    version: str = __version__
    data_hash: str = "-"
    """:func:`data_hash` of the corpus the cell was computed on (``data:`` in the string)."""

    def __str__(self) -> str:
        return "|".join(
            f"{FIELD_KEYS[f.name]}:{getattr(self, f.name)}"
            for f in fields(self)
            if not (f.name == "training" and self.training == "-")
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """Inverse of ``str()``; values may contain ``:`` but not ``|``. Fields missing from older
        signatures (``parallel``, ``training``) take their defaults."""
        by_key = {v: k for k, v in FIELD_KEYS.items()}
        values: dict[str, Any] = {}
        for part in text.split("|"):
            key, _, value = part.partition(":")
            values[by_key[key]] = value
        values["n"] = int(values["n"])
        values["seed"] = int(values["seed"])
        return cls(**values)


def data_hash(pairs: Iterable[SentencePair]) -> str:
    """A short content hash of sentence pairs (tokens and tags), stable across runs."""
    digest = hashlib.sha256()
    for pair in pairs:
        record = [pair.src_tokens, pair.tgt_tokens, pair.src_tags, pair.tgt_tags]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:12]
