"""Entity density: counts per 1,000 tokens, the share of sentences with an entity, the seeded cap, one tagging
per distinct English sample."""

import pytest

from xproj_core.density import entity_density, sample_sentences
from xproj_core.io.jsonl import write_jsonl
from xproj_core.types import SentencePair


class CapitalTagger:
    """Tags every capitalised word after the first as B-PER, and counts its calls."""

    name, labels, calls = "capital", ["O", "B-PER"], 0

    def tag(self, sentences):
        self.calls += 1
        return [["O"] + ["B-PER" if w[:1].isupper() else "O" for w in s[1:]] for s in sentences]


def corpus(tmp_path, name, texts):
    pairs = [
        SentencePair(str(i), "en", "de", text.split(), ["x"], meta={"src_text": text}) for i, text in enumerate(texts)
    ]
    write_jsonl(tmp_path / f"{name}.jsonl", pairs)
    return str(tmp_path / f"{name}.jsonl")


def test_density_counts_entities_per_1000_tokens(tmp_path):
    news = corpus(tmp_path, "news", ["Yesterday Merkel met Macron .", "It rained .", "It rained ."])
    captions = corpus(tmp_path, "captions", ["A dog runs .", "Two men sit ."])
    tagger = CapitalTagger()
    first, second, again = entity_density([news, captions, news], tagger)
    assert (first.sentences, first.sampled, first.tokens, first.entities, first.with_entity) == (2, 2, 8, 2, 1)
    assert first.per_1000_tokens == pytest.approx(250.0) and first.share_with_entity == 0.5
    assert first.by_type == {"PER": 2} and second.entities == 0 and second.per_1000_tokens == 0.0
    assert again == first and tagger.calls == 2  # the same English sample is tagged once


def test_the_sample_is_capped_seeded_and_in_corpus_order():
    sentences = [f"s{i}" for i in range(100)]
    sample = sample_sentences(sentences, 10, seed=3)
    assert len(sample) == 10 and sample == sorted(sample, key=lambda s: int(s[1:]))
    assert sample == sample_sentences(sentences, 10, seed=3) != sample_sentences(sentences, 10, seed=4)
    assert sample_sentences(sentences[:5], 10, seed=3) == sentences[:5]
