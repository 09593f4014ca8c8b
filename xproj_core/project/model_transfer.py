"""``model-transfer``: the baseline that ignores the source — a NER model tags the target sentence directly.

Each span's score is the mean probability the tagger gave to the span's tags.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models.base import NER_TAGGERS, NerTagger
from ..models.ner_common import decode
from ..tags import tags_to_spans
from ..types import Span
from .base import PROJECTORS, ProjectionInput


class ModelTransfer:
    """Target-side NER (zero-shot transfer of a multilingual tagger)."""

    name = "model-transfer"
    needs_alignment = False

    def __init__(self, tagger: str | NerTagger = "e5-conll") -> None:
        self.tagger = NER_TAGGERS.create(tagger) if isinstance(tagger, str) else tagger

    def signature(self) -> str:
        return f"model-transfer(tagger={self.tagger.name})"

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        labels = self.tagger.labels
        index = {label: i for i, label in enumerate(labels)}
        result = []
        for probs in self.tagger.probabilities([item.pair.tgt_tokens for item in items]):
            tags = decode(probs, labels)
            spans = []
            for span in tags_to_spans(tags):
                score = sum(probs[k, index[tags[k]]] for k in range(span.start, span.end)) / len(span)
                spans.append(span.with_score(round(float(score), 4)))
            result.append(spans)
        return result


@PROJECTORS.register(
    "model-transfer",
    "baseline: run a (multilingual) NER tagger on the target sentence, ignoring the source",
    options={"tagger": "NER tagger spec (default e5-conll)"},
)
def _model_transfer(tagger: str | NerTagger = "e5-conll") -> ModelTransfer:
    return ModelTransfer(tagger)
