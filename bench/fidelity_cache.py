"""Disk caches for ``bench/quality_tables.py``: alignments and tagger probabilities, computed once per corpus.

Alignments are keyed by the aligner's signature and the sentence pairs; tagger probabilities by tagger name and
sentence. Both live under ``$XPROJ_TABLES_CACHE`` (default ``/tmp/xproj-tables``), one pickle each, so
every table row reads the same alignment the printed ``xproj project`` command would compute.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from xproj_core.io.atomic import atomic_write
from xproj_core.types import Alignment, SentencePair


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


def aligned_pairs(
    signature: str, pairs: Sequence[SentencePair], compute: Callable[[], list[Alignment]]
) -> list[Alignment]:
    """Alignments of ``pairs`` by the aligner with ``signature``: from the cache, else ``compute()`` and keep."""
    tokens = [(p.src_tokens, p.tgt_tokens) for p in pairs]
    path = cache_root() / "align" / f"{_key(signature, tokens)}.pkl"
    if path.exists():
        return [Alignment(scores, frozenset(links)) for scores, links in _load(path)]
    result = compute()
    _store(path, [(a.scores.astype(np.float32), sorted(a.links)) for a in result])
    return result


class CachingAligner:
    """An aligner whose alignments are cached on disk per (signature, sentence pairs)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name = inner, inner.name

    def signature(self) -> str:
        return self.inner.signature()

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        return aligned_pairs(self.signature(), pairs, lambda: self.inner.align(pairs, progress))


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
            if self.path.exists():  # another process may have added sentences meanwhile
                self.memo = {**_load(self.path), **self.memo}
            _store(self.path, self.memo)
        return [self.memo[k] for k in keys]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from xproj_core.models.ner_common import decode

        return [decode(p, self.labels) for p in self.probabilities(sentences)]


def encodings_path() -> Path:
    return cache_root() / "encodings.pkl"


def load_encodings() -> int:
    """Fill the neural aligners' per-process encoding memo from disk; returns how many sentences were read."""
    from xproj_core.align import neural

    if not encodings_path().exists():
        return 0
    stored = _load(encodings_path())
    for key, (vectors, word_of) in stored.items():
        neural._ENCODED[key] = neural.Encoded(vectors.astype(np.float32), word_of)
    return len(stored)


def save_encodings() -> int:
    """Keep the encoding memo on disk so later processes do not re-encode; returns its size."""
    from xproj_core.align import neural

    stored = {key: (enc.vectors, enc.word_of) for key, enc in neural._ENCODED.items()}
    _store(encodings_path(), stored)
    return len(stored)
