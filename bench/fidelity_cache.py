"""Disk caches for ``bench/quality_tables.py``: alignments and tagger probabilities, computed once per corpus.

Alignments are keyed by corpus, aligner spec and options; tagger probabilities by tagger spec and a hash of
the sentences. Both live under ``$XPROJ_TABLES_CACHE`` (default ``/tmp/xproj-tables``), one pickle each, so
every table row reads the same alignment the printed ``xproj project`` command would compute.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from xproj_core.align import ALIGNERS
from xproj_core.io.atomic import atomic_write
from xproj_core.types import Alignment, Corpus, SentencePair


def cache_root() -> Path:
    return Path(os.environ.get("XPROJ_TABLES_CACHE", "/tmp/xproj-tables"))


def _key(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _load(path: Path) -> Any:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _store(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, mode="wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def alignments(corpus: Corpus, spec: str, options: dict[str, Any]) -> list[Alignment]:
    """The alignments ``ALIGNERS.create(spec, **options)`` gives on ``corpus``, cached."""
    return aligned_pairs(corpus.name, corpus.pairs, spec, options)


def aligned_pairs(name: str, pairs: Sequence[SentencePair], spec: str, options: dict[str, Any]) -> list[Alignment]:
    """Cached alignments of ``pairs`` (``name`` and the tokens key the cache)."""
    tokens = [(p.src_tokens, p.tgt_tokens) for p in pairs]
    path = cache_root() / "align" / name.replace(":", "_") / f"{_key(spec, options, tokens)}.pkl"
    if path.exists():
        return [Alignment(scores, frozenset(links)) for scores, links in _load(path)]
    result = ALIGNERS.create(spec, **options).align(pairs, progress=True)
    _store(path, [(a.scores.astype(np.float32), sorted(a.links)) for a in result])
    return result


class CachedTagger:
    """A NerTagger whose probabilities are cached on disk per (tagger spec, sentence)."""

    def __init__(self, spec: str, tagger: Any) -> None:
        self.spec, self.inner = spec, tagger
        self.name, self.labels = tagger.name, tagger.labels
        self.path = cache_root() / "ner" / f"{spec.replace(':', '_')}.pkl"
        self.memo: dict[tuple[str, ...], np.ndarray] = _load(self.path) if self.path.exists() else {}

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        keys = [tuple(s) for s in sentences]
        missing = [k for k in dict.fromkeys(keys) if k not in self.memo]
        if missing:
            for key, probs in zip(missing, self.inner.probabilities([list(k) for k in missing])):
                self.memo[key] = np.asarray(probs, dtype=np.float32)
            _store(self.path, self.memo)
        return [self.memo[k] for k in keys]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from xproj_core.models.ner_common import decode

        return [decode(p, self.labels) for p in self.probabilities(sentences)]
