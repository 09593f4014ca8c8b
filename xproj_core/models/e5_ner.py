"""``e5-conll``: a multilingual NER tagger of our own — a small head on the frozen ``e5`` encoder.

Each word is represented by the mean of its subwords' hidden states at a few encoder layers; the head
mixes those layers with learned softmax weights and classifies the word with a one-hidden-layer MLP
(``xproj train-ner`` trains it on English CoNLL-2003). The shipped head lives in
``xproj_core/models/weights/e5-conll-head.npz`` with a JSON card beside it (command, seed, data, scores).
Words past the encoder's maximum length get zero features (and so, in practice, ``O``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors, XprojError
from .base import NER_TAGGERS
from .encoders import cache_dir
from .feature_store import FeatureStore, word_features
from .ner_common import decode, softmax

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
SHIPPED_HEAD = WEIGHTS_DIR / "e5-conll-head.npz"


@dataclass
class Head:
    """Layer mix + MLP classifier over word features; pure numpy at inference."""

    labels: list[str]
    layers: tuple[int, ...]
    mix: np.ndarray  # (n_layers,) unnormalised layer weights
    w1: np.ndarray  # (hidden, d)
    b1: np.ndarray
    w2: np.ndarray  # (d, n_labels)
    b2: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """``(n_words, n_labels)`` probabilities for ``(n_words, n_layers, hidden)`` features."""
        weights = softmax(self.mix.astype(np.float32))
        mixed = np.einsum("nlh,l->nh", features.astype(np.float32), weights)
        hidden = np.maximum(mixed @ self.w1 + self.b1, 0.0)
        return softmax(hidden @ self.w2 + self.b2)

    def save(self, path: str | Path) -> None:
        from ..io.atomic import atomic_write

        with atomic_write(path, "wb") as handle:
            np.savez_compressed(
                handle,
                labels=np.array(self.labels),
                layers=np.array(self.layers),
                mix=self.mix,
                w1=self.w1.astype(np.float16),
                b1=self.b1,
                w2=self.w2,
                b2=self.b2,
            )

    @classmethod
    def load(cls, path: str | Path) -> Head:
        path = Path(path)
        if not path.is_file():
            raise XprojError(Errors.E001, path=path)
        with np.load(path) as data:
            return cls(
                labels=[str(x) for x in data["labels"]],
                layers=tuple(int(x) for x in data["layers"]),
                mix=data["mix"].astype(np.float32),
                w1=data["w1"].astype(np.float32),
                b1=data["b1"].astype(np.float32),
                w2=data["w2"].astype(np.float32),
                b2=data["b2"].astype(np.float32),
            )


class E5Tagger:
    """The frozen ``e5`` encoder with a trained head; labels as the head was trained (CoNLL: PER/ORG/LOC/MISC)."""

    def __init__(
        self, head: str | Path | None = None, encoder: Any = None, batch_size: int = 32, cache: str | Path | None = None
    ) -> None:
        self.head = Head.load(head or SHIPPED_HEAD)
        self.labels = self.head.labels
        self.name = "e5-conll" if head is None else f"e5-conll:{head}"
        self.batch_size = batch_size
        self._encoder = encoder
        self.cache = None if isinstance(cache, str) and cache.lower() == "none" else cache or cache_dir()

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from ..align.neural import cached_encoder  # the aligner's copy: loaded once per process (and fork)

            self._encoder = cached_encoder("e5")
        return self._encoder

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        if self.cache:
            store = FeatureStore(self.cache, self.encoder, self.head.layers)
            features = store.features(sentences, batch_size=self.batch_size)
        else:
            features = word_features(self.encoder, sentences, self.head.layers, self.batch_size)
        return [self.head.probabilities(f) for f in features]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [decode(p, self.labels) for p in self.probabilities(sentences)]


@NER_TAGGERS.register(
    "e5-conll",
    "multilingual e5 encoder (frozen) + head trained on English CoNLL-2003 (PER/ORG/LOC/MISC), shipped in the repo",
    options={
        "head": "path of another head .npz written by `xproj train-ner`",
        "batch_size": "sentences per batch",
        "cache": "folder of the encoder feature store (each sentence encoded once; default $XPROJ_CACHE or "
        "<repo>/cache); none: encode every time",
    },
)
def _e5_conll(head: str | None = None, batch_size: int = 32, cache: str | None = None) -> E5Tagger:
    return E5Tagger(head, batch_size=int(batch_size), cache=cache)
