"""``hf:<name-or-path>``: a transformers token-classification model as a tagger.

Each word takes the logits of its first subword; probabilities are their softmax, summed into the
model's labels normalised to IOB2 (``S-``/``E-``/bare IO types handled, see ``normalise_label``).
Words past the model's maximum length get probability 1 for ``O``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import Errors, XprojError
from .base import NER_TAGGERS
from .ner_common import decode, iob2_labels, normalise_label, softmax


class HfTagger:
    """A local (or cached) Hugging Face token-classification model behind :class:`NerTagger`."""

    def __init__(self, name_or_path: str, batch_size: int = 16, max_length: int = 512) -> None:
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        self.name = f"hf:{name_or_path}"
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(name_or_path)
            self.model = AutoModelForTokenClassification.from_pretrained(name_or_path).eval()
        except (OSError, ValueError) as error:
            raise XprojError(
                Errors.E017, what=f"token-classification model {name_or_path!r}", detail=str(error).splitlines()[0]
            ) from None
        model_labels = [normalise_label(self.model.config.id2label[i]) for i in range(self.model.config.num_labels)]
        self.labels = iob2_labels(label[2:] for label in model_labels if label != "O")
        # column k of the model's output adds into column merge[k] of ours
        self._merge = np.array([self.labels.index(label) for label in model_labels])
        self.batch_size = batch_size
        self.max_length = min(max_length, getattr(self.tokenizer, "model_max_length", max_length))

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        import torch

        result: list[np.ndarray] = []
        for start in range(0, len(sentences), self.batch_size):
            batch = [list(words) for words in sentences[start : start + self.batch_size]]
            inputs = self.tokenizer(
                [words or [""] for words in batch],
                is_split_into_words=True,
                truncation=True,
                max_length=self.max_length,
                padding=True,
                return_tensors="pt",
            )
            with torch.inference_mode():
                logits = self.model(**inputs).logits.float().numpy()
            for row, words in enumerate(batch):
                probs = np.zeros((len(words), len(self.labels)), np.float32)
                probs[:, 0] = 1.0
                seen: set[int] = set()
                for position, word in enumerate(inputs.word_ids(row)):
                    if word is None or word in seen or word >= len(words):
                        continue
                    seen.add(word)
                    probs[word] = np.bincount(self._merge, softmax(logits[row, position]), len(self.labels))
                result.append(probs)
        return result

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [decode(p, self.labels) for p in self.probabilities(sentences)]


@NER_TAGGERS.register(
    "hf",
    "Hugging Face token-classification model (local directory or cached hub name), first-subword labels",
    takes_argument=True,
    argument_help="NAME_OR_PATH",
    options={"batch_size": "sentences per batch", "max_length": "subword limit"},
)
def _hf(name_or_path: str, batch_size: int = 16, max_length: int = 512) -> HfTagger:
    return HfTagger(name_or_path, int(batch_size), int(max_length))
