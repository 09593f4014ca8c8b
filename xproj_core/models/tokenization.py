"""Tokenising machine translations consistently; the tokenizer's name goes into each record's meta."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import check_choice

TOKENIZERS = ("whitespace", "spacy")
"""``whitespace``: split on spaces (for already tokenised text, e.g. the published Bambara English);
``spacy``: spaCy's rule-based tokenizer of a blank pipeline for the language (``xx`` when unknown)."""


@lru_cache(maxsize=None)
def _blank(lang: str) -> Any:
    import spacy

    try:
        return spacy.blank(lang)
    except (ImportError, OSError, ValueError):
        return spacy.blank("xx")


def tokenizer_name(method: str, lang: str) -> str:
    """What a record's meta names: ``whitespace`` or ``spacy-blank:<lang actually used>``."""
    if method == "whitespace":
        return "whitespace"
    return f"spacy-blank:{_blank(lang).lang}"


def tokenize(text: str, lang: str, method: str = "spacy") -> list[str]:
    """Tokens of ``text``; never empty strings."""
    if method == "whitespace":
        return text.split()
    check_choice("tokenizer", method, TOKENIZERS)
    return [t.text for t in _blank(lang).make_doc(text) if t.text.strip()]
