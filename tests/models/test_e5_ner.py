from __future__ import annotations

import numpy as np
import pytest

from tests.fixtures.tiny_models import encoder as tiny_encoder
from xproj_core.models import NER_TAGGERS, NerTagger
from xproj_core.models.e5_ner import SHIPPED_HEAD, E5Tagger, Head
from xproj_core.models.feature_store import word_features
from xproj_core.models.head_training import span_f1, train_head
from xproj_core.models.ner_common import iob2_labels


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    return tiny_encoder()


def test_word_features_mean_subwords_per_layer(encoder) -> None:  # type: ignore[no-untyped-def]
    import torch

    sentences = [["the", "berlin-paris", "cat"], [], ["a"]]
    features = word_features(encoder, sentences, layers=(0, 2), batch_size=2)
    assert [f.shape for f in features] == [(3, 2, 8), (0, 2, 8), (1, 2, 8)]
    inputs = encoder.tokenizer([sentences[0]], is_split_into_words=True, return_tensors="pt")
    assert inputs.word_ids(0) == [None, 0, 1, 1, 1, 2, None]
    with torch.inference_mode():
        states = encoder.model(**inputs, output_hidden_states=True).hidden_states
    expected = states[2][0, 2:5].mean(0).numpy()
    np.testing.assert_allclose(features[0][1, 1], expected, atol=2e-3)  # float16 storage
    np.testing.assert_allclose(features[0][0, 0], states[0][0, 1].numpy(), atol=2e-3)


def test_word_features_truncated_words_are_zero() -> None:
    features = word_features(tiny_encoder(max_length=4), [["the", "cat", "a", "house"]], layers=(1,))
    assert np.abs(features[0][:2]).sum() > 0 and np.abs(features[0][2:]).sum() == 0


def _head(rng: np.random.Generator, labels: list[str]) -> Head:
    return Head(
        labels,
        (0, 2),
        rng.normal(size=2),
        rng.normal(size=(8, 5)),
        rng.normal(size=5),
        rng.normal(size=(5, len(labels))),
        rng.normal(size=len(labels)),
    )


def test_head_roundtrip_and_tagger(tmp_path, encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    labels = iob2_labels(["LOC", "PER"])
    head = _head(np.random.default_rng(0), labels)
    head.save(tmp_path / "h.npz")
    loaded = Head.load(tmp_path / "h.npz")
    x = np.random.default_rng(1).normal(size=(4, 2, 8)).astype(np.float16)
    np.testing.assert_allclose(loaded.probabilities(x), head.probabilities(x), atol=1e-3)  # w1 stored as float16
    np.testing.assert_allclose(loaded.probabilities(x).sum(1), 1.0, rtol=1e-5)
    tagger = E5Tagger(tmp_path / "h.npz", encoder=encoder, cache="none")
    assert tagger.cache is None
    assert isinstance(tagger, NerTagger) and tagger.labels == labels
    tags = tagger.tag([["the", "president", "visited", "berlin"], []])
    assert len(tags[0]) == 4 and tags[1] == [] and not tags[0][0].startswith("I-")
    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path / "store"))
    cached = E5Tagger(tmp_path / "h.npz", encoder=encoder)  # the feature store is the default
    assert cached.tag([["the", "president", "visited", "berlin"], []]) == tags
    assert list((tmp_path / "store" / "ner-features").iterdir())


def test_train_head_learns_separable_features() -> None:
    rng = np.random.default_rng(0)
    labels = iob2_labels(["PER"])

    def make(n: int) -> tuple[list[np.ndarray], list[list[str]]]:
        feats, all_tags = [], []
        for _ in range(n):
            tags = ["O"] * 6
            for start in rng.choice(6, size=2, replace=False):
                tags[start] = "B-PER"
                if start + 1 < 6 and tags[start + 1] == "O":
                    tags[start + 1] = "I-PER"
            kinds = [labels.index(t) for t in tags]
            x = rng.normal(scale=0.3, size=(6, 2, 8))
            x[np.arange(6), :, kinds] += 3.0
            feats.append(x.astype(np.float16))
            all_tags.append(tags)
        return feats, all_tags

    train, dev = make(2000), make(50)
    head, history = train_head(train[0], train[1], labels, (0, 2), dev, epochs=5, hidden=16, seed=1)
    assert len(history) == 5 and max(h["dev_f1"] for h in history) > 0.95
    predicted = [[labels[i] for i in head.probabilities(f).argmax(1)] for f in dev[0]]
    assert span_f1(dev[1], predicted) > 0.95


def test_span_f1_restricts_types() -> None:
    gold = [["B-PER", "O", "B-DATE", "B-MISC"]]
    assert span_f1(gold, [["B-PER", "O", "O", "O"]], ["PER", "ORG", "LOC"]) == 1.0
    assert span_f1(gold, [["B-PER", "O", "O", "O"]]) == pytest.approx(0.5)


@pytest.mark.skipif(not SHIPPED_HEAD.is_file(), reason="no shipped head")
def test_shipped_head_is_small_and_registered() -> None:
    head = Head.load(SHIPPED_HEAD)
    assert head.labels == iob2_labels(["LOC", "MISC", "ORG", "PER"])
    assert SHIPPED_HEAD.stat().st_size < 1_000_000
    assert "e5-conll" in NER_TAGGERS
