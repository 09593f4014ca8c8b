from __future__ import annotations

import numpy as np
import pytest

from xproj_core.models import NER_TAGGERS, NerTagger
from xproj_core.models.spacy_ner import SpacyTagger


@pytest.fixture(scope="module")
def tagger() -> SpacyTagger:
    return NER_TAGGERS.create("spacy")


def test_spacy_maps_types_on_pretokenised_input(tagger: SpacyTagger) -> None:
    assert isinstance(tagger, NerTagger)
    words = ["Barack", "Obama", "was", "born", "in", "Hawaii", "and", "studied", "at", "Harvard", "University", "."]
    assert tagger.tag([words])[0] == ["B-PER", "I-PER", "O", "O", "O", "B-LOC", "O", "O", "O", "B-ORG", "I-ORG", "O"]


def test_spacy_unmapped_types_become_o(tagger: SpacyTagger) -> None:
    assert SpacyTagger._tag("B", "MONEY") == "O"
    assert SpacyTagger._tag("I", "FAC") == "I-LOC"
    assert SpacyTagger._tag("B", "TIME") == "B-DATE"
    assert SpacyTagger._tag("O", "") == "O"


def test_spacy_probabilities_are_one_hot(tagger: SpacyTagger) -> None:
    sentences = [["Angela", "Merkel", "visited", "Paris", "in", "2024", "."], []]
    probs = tagger.probabilities(sentences)
    assert probs[0].shape == (7, len(tagger.labels)) and probs[1].shape == (0, len(tagger.labels))
    assert np.array_equal(probs[0].sum(axis=1), np.ones(7))
    assert [tagger.labels[i] for i in probs[0].argmax(axis=1)] == tagger.tag(sentences[:1])[0]
