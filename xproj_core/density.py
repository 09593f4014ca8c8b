"""Entity density of the English side of parallel and image–text corpora (issue 11, role B).

Captions describe scenes and carry few names; how few decides how much silver data a corpus can give.
:func:`entity_density` samples up to ``cap`` distinct English sentences of a corpus with a fixed seed,
tokenises them with the default tokenizer, tags them with an English ``NER_TAGGERS`` tagger (default
``e5-conll``: PER/ORG/LOC/MISC as it predicts) and counts entities per 1,000 tokens and the share of
sentences with at least one entity. Corpora with the same English sample (FLORES, NTREX, TICO-19 and
NLLB-CLIP share theirs across languages) are tagged once.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CAP = 2000
DEFAULT_SEED = 0


@dataclass(frozen=True)
class Density:
    """The entity density of one corpus's English side (over the tagged sample)."""

    spec: str
    sentences: int
    """Distinct English sentences in the corpus."""
    sampled: int
    tokens: int
    entities: int
    with_entity: int
    """Sampled sentences with at least one entity."""
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def per_1000_tokens(self) -> float:
        return 1000.0 * self.entities / self.tokens if self.tokens else 0.0

    @property
    def share_with_entity(self) -> float:
        return self.with_entity / self.sampled if self.sampled else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "sentences": self.sentences,
            "sampled": self.sampled,
            "tokens": self.tokens,
            "entities": self.entities,
            "per_1000_tokens": round(self.per_1000_tokens, 2),
            "share_with_entity": round(self.share_with_entity, 4),
            "by_type": dict(sorted(self.by_type.items())),
        }


def sample_sentences(sentences: Sequence[str], cap: int, seed: int) -> list[str]:
    """Up to ``cap`` of ``sentences``, drawn with ``seed``, in corpus order."""
    if len(sentences) <= cap:
        return list(sentences)
    return [sentences[i] for i in sorted(random.Random(seed).sample(range(len(sentences)), cap))]


def count_entities(
    spec: str, sentences: int, tagged: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]
) -> Density:
    """A :class:`Density` from tokenised sentences and their IOB2 tags."""
    from .tags import tags_to_spans

    spans = [tags_to_spans(t) for t in tags]
    by_type = Counter(span.label for sentence in spans for span in sentence)
    return Density(
        spec,
        sentences,
        len(tagged),
        sum(len(t) for t in tagged),
        sum(by_type.values()),
        sum(1 for s in spans if s),
        dict(by_type),
    )


def entity_density(
    specs: Sequence[str],
    tagger: Any = "e5-conll",
    cap: int = DEFAULT_CAP,
    seed: int = DEFAULT_SEED,
    data_dir: str | Path | None = None,
) -> list[Density]:
    """The English entity density of each corpus in ``specs`` (a tagger spec or a built ``NerTagger``)."""
    from .datasets import english_sentences
    from .io.tokenize import tokenize
    from .models import NER_TAGGERS

    model = NER_TAGGERS.create(tagger) if isinstance(tagger, str) else tagger
    memo: dict[tuple[str, ...], list[list[str]]] = {}
    results = []
    for spec in specs:
        english = english_sentences(spec, data_dir)
        tokens = [tokenize(text) for text in sample_sentences(english, cap, seed)]
        tokens = [t for t in tokens if t]
        key = tuple(" ".join(t) for t in tokens)
        if key not in memo:
            memo[key] = model.tag(tokens)
        results.append(count_entities(spec, len(english), tokens, memo[key]))
    return results
