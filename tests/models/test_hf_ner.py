from __future__ import annotations

import numpy as np
import pytest

from tests.fixtures.tiny_models import token_classifier
from xproj_core.errors import XprojError
from xproj_core.models import NER_TAGGERS, NerTagger
from xproj_core.models.ner_common import normalise_label


def test_normalise_label_schemes() -> None:
    assert [normalise_label(x) for x in ["O", "LABEL_0", "B-PER", "I-ORG", "S-LOC", "E-LOC", "PER"]] == [
        "O",
        "O",
        "B-PER",
        "I-ORG",
        "B-LOC",
        "I-LOC",
        "I-PER",
    ]


def test_hf_tagger_probabilities_and_tags(tmp_path) -> None:
    path = token_classifier(tmp_path / "m", {0: "B-PER", 1: "O", 2: "I-PER", 3: "S-LOC", 4: "B-LOC", 5: "I-LOC"})
    tagger = NER_TAGGERS.create(f"hf:{path}")
    assert isinstance(tagger, NerTagger)
    assert tagger.labels == ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    sentences = [["the", "president", "visited", "berlin"], ["paris"], [], ["unknownword", "cat"]]
    probs = tagger.probabilities(sentences)
    assert [p.shape for p in probs] == [(4, 5), (1, 5), (0, 5), (2, 5)]
    for p in probs:
        np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    # S-LOC and B-LOC both add into B-LOC: the model's softmax over 6 columns sums into our 5
    import torch

    inputs = tagger.tokenizer([["paris"]], is_split_into_words=True, return_tensors="pt")
    with torch.inference_mode():
        model_probs = torch.softmax(tagger.model(**inputs).logits[0, 1], -1).numpy()
    np.testing.assert_allclose(probs[1][0, 1], model_probs[3] + model_probs[4], rtol=1e-5)
    np.testing.assert_allclose(probs[1][0, 0], model_probs[1], rtol=1e-5)
    tags = tagger.tag(sentences)
    assert [len(t) for t in tags] == [4, 1, 0, 2]
    assert all(not (t.startswith("I-") and (i == 0 or s[i - 1][2:] != t[2:])) for s in tags for i, t in enumerate(s))


def test_hf_tagger_truncation_gives_o(tmp_path) -> None:
    path = token_classifier(tmp_path / "m", {0: "O", 1: "B-PER", 2: "I-PER"})
    tagger = NER_TAGGERS.create(f"hf:{path}", max_length=4)
    probs = tagger.probabilities([["the", "cat", "the", "cat", "the"]])[0]
    assert probs[2:, 0].tolist() == [1.0, 1.0, 1.0]


def test_hf_tagger_missing_model(tmp_path) -> None:
    with pytest.raises(XprojError, match="E017"):
        NER_TAGGERS.create(f"hf:{tmp_path / 'absent'}")
