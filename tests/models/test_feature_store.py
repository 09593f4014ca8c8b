from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.tiny_models import encoder as tiny_encoder
from xproj_core.models import feature_store
from xproj_core.models.feature_store import FeatureStore, sentence_key, word_features

SENTENCES = [["the", "cat"], [], ["a", "house", "of", "europe"], ["the", "cat"], ["berlin"]]


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    return tiny_encoder()


def test_features_equal_direct_encoding_and_are_reused(  # type: ignore[no-untyped-def]
    tmp_path: Path, encoder, monkeypatch
) -> None:
    store = FeatureStore(tmp_path, encoder, (0, 2))
    stored = store.features(SENTENCES, chunk=2)
    direct = word_features(encoder, SENTENCES, (0, 2))
    assert all(np.array_equal(a, b) for a, b in zip(stored, direct))
    assert len(list(store.directory.glob("*.idx.npz"))) == 2  # 4 distinct sentences, chunks of 2
    encoded: list[list[str]] = []
    real = feature_store.word_features
    monkeypatch.setattr(
        feature_store, "word_features", lambda enc, s, *a, **k: encoded.extend(s) or real(enc, s, *a, **k)
    )
    again = FeatureStore(tmp_path, encoder, (0, 2)).features([*SENTENCES, ["paris"]])
    assert encoded == [["paris"]]
    assert all(np.array_equal(a, b) for a, b in zip(again, stored))
    assert FeatureStore(tmp_path, encoder, (1,)).directory != store.directory


def test_shard_without_index_is_ignored(tmp_path: Path, encoder) -> None:  # type: ignore[no-untyped-def]
    store = FeatureStore(tmp_path, encoder, (1,))
    store.directory.mkdir(parents=True)
    np.save(store.directory / "shard-broken.npy", np.ones((2, 1, 8), np.float16))  # interrupted before its index
    features = store.features([["the", "cat"]])
    assert np.array_equal(features[0], word_features(encoder, [["the", "cat"]], (1,))[0])


def test_sentence_key_separates_tokens() -> None:
    assert sentence_key(["ab", "c"]) != sentence_key(["a", "bc"]) and sentence_key(["a"]) == sentence_key(["a"])
