"""Frozen-encoder word features cached on disk by sentence, so each sentence is encoded once.

The store of one encoder and layer set is a folder ``<cache>/ner-features/<encoder>-<max_length>-L<layers>/``
of shards. A shard is ``<name>.npy`` (the float16 word rows of its sentences, concatenated) and
``<name>.idx.npz`` (the sentences' keys and word counts), written atomically in that order, so a shard
whose index exists is complete. A key is a hash of the sentence's tokens. Missing sentences are encoded
in chunks, each written as a shard as soon as it is done: an interrupted run keeps its finished chunks.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..io.atomic import atomic_write

DEFAULT_LAYERS = (6, 9, 12)
"""The e5 layers whose word states the ``e5-conll`` head reads."""

CHUNK = 1024
"""Sentences per shard written while encoding."""


def sentence_key(tokens: Sequence[str]) -> str:
    """A stable hash of a tokenised sentence."""
    return hashlib.sha1("\x1f".join(tokens).encode("utf-8")).hexdigest()[:24]


def word_features(
    encoder: Any,
    sentences: Sequence[Sequence[str]],
    layers: Sequence[int] = DEFAULT_LAYERS,
    batch_size: int = 32,
    progress: bool = False,
) -> list[np.ndarray]:
    """Per sentence a float16 ``(n_words, len(layers), hidden)`` array: mean subword states per layer."""
    import torch
    from tqdm import tqdm

    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    hidden = int(encoder.model.config.hidden_size)
    result: list[np.ndarray] = [np.zeros((0, len(layers), hidden), np.float16)] * len(sentences)
    batches = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    with torch.inference_mode():
        for batch in tqdm(batches, desc="encoding", unit="batch", disable=not progress):
            words = [list(sentences[i]) or [""] for i in batch]
            inputs = encoder.tokenizer(
                words,
                is_split_into_words=True,
                truncation=True,
                max_length=encoder.max_length,
                padding=True,
                return_tensors="pt",
            )
            states = encoder.model(
                input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"], output_hidden_states=True
            ).hidden_states
            stacked = torch.stack([states[k] for k in layers], dim=2).float().numpy()  # (B, T, L, H)
            for row, index in enumerate(batch):
                n_words = len(sentences[index])
                sums = np.zeros((n_words, len(layers), hidden), np.float32)
                counts = np.zeros(n_words, np.float32)
                for position, word in enumerate(inputs.word_ids(row)):
                    if word is not None and word < n_words:
                        sums[word] += stacked[row, position]
                        counts[word] += 1
                result[index] = (sums / np.maximum(counts, 1)[:, None, None]).astype(np.float16)
    return result


class FeatureStore:
    """Word features (see :func:`xproj_core.models.e5_ner.word_features`) of one encoder and layer set."""

    def __init__(self, root: str | Path, encoder: Any, layers: Sequence[int]) -> None:
        name = re.sub(r"[^\w.-]+", "_", f"{encoder.name}-{encoder.max_length}")
        self.root = Path(root)
        self.directory = self.root / "ner-features" / f"{name}-L{'-'.join(map(str, layers))}"
        self.encoder = encoder
        self.layers = tuple(layers)
        self._index: dict[str, tuple[Path, int, int]] = {}
        self._loaded: set[Path] = set()
        self._arrays: dict[Path, np.ndarray] = {}

    def _scan(self) -> None:
        """Index the complete shards not indexed yet."""
        for index_path in sorted(self.directory.glob("*.idx.npz")):
            if index_path in self._loaded:
                continue
            rows = Path(str(index_path)[: -len(".idx.npz")] + ".npy")
            with np.load(index_path) as data:
                keys, lengths = [str(k) for k in data["keys"]], data["lengths"]
            offsets = np.concatenate([[0], np.cumsum(lengths)])
            for key, start, end in zip(keys, offsets[:-1], offsets[1:]):
                self._index[key] = (rows, int(start), int(end))
            self._loaded.add(index_path)

    def _rows(self, key: str) -> np.ndarray:
        path, start, end = self._index[key]
        if path not in self._arrays:
            self._arrays[path] = np.load(path, mmap_mode="r")
        return np.array(self._arrays[path][start:end])

    def _write_shard(self, keys: list[str], features: list[np.ndarray]) -> None:
        hidden = int(self.encoder.model.config.hidden_size)
        empty = np.zeros((0, len(self.layers), hidden), np.float16)
        name = f"shard-{sentence_key(keys)}-{os.getpid()}"
        rows = self.directory / f"{name}.npy"
        with atomic_write(rows, "wb") as handle:
            np.save(handle, np.concatenate([empty, *features]).astype(np.float16))
        with atomic_write(self.directory / f"{name}.idx.npz", "wb") as handle:
            np.savez(handle, keys=np.array(keys), lengths=np.array([len(f) for f in features], np.int64))

    def features(
        self, sentences: Sequence[Sequence[str]], progress: bool = False, batch_size: int = 32, chunk: int = CHUNK
    ) -> list[np.ndarray]:
        """Per sentence a float16 ``(n_words, n_layers, hidden)`` array, encoding only the sentences not stored."""
        from tqdm import tqdm

        self._scan()
        keys = [sentence_key(s) for s in sentences]
        missing: dict[str, Sequence[str]] = {}
        for key, sentence in zip(keys, sentences):
            if key not in self._index:
                missing[key] = sentence
        order = sorted(missing, key=lambda k: len(missing[k]))
        chunks = [order[k : k + chunk] for k in range(0, len(order), chunk)]
        for part in tqdm(chunks, desc=f"encoding {len(order)} sentences", unit="chunk", disable=not progress):
            encoded = word_features(self.encoder, [missing[k] for k in part], self.layers, batch_size)
            self._write_shard(part, encoded)
            self._scan()
        return [self._rows(key) for key in keys]
