"""The tokenizers xproj applies to untokenised text, all in one module.

- :func:`tokenize`, the default for parallel text read from files: a token is a run of letters, combining
  marks and digits, optionally joined by inner apostrophes or hyphens (``n'a``, ``COVID-19``, ``don't``,
  ``ẹ̀gbọ́n``); every other non-space character is a token of its own (``,``, ``(``, ``.``). It never
  changes characters, so tokens can be found in the text. Chinese and Japanese (Han, Hiragana, Katakana)
  are written without spaces, so each of their characters is a token (without a segmenter a whole
  clause would be one word).
- :func:`tokenize_elided` differs on purpose: an apostrophe ends the word before it (``L'Union`` →
  ``L'`` ``Union``), as in the gold tokens of Europarl-NER (Italian ``d'``) and of the Hansard en-fr
  alignment gold. Back-translations t′ are aligned word by word with such gold-tokenised targets
  (``bt:`` aligner) and extra eflomal training text must be split the same way, so this rule matches
  that gold rather than the default.
- :func:`tokenize_translation` tokenises machine translations that become records (translate-train/test,
  EasyProject) with a named method, whose name (:func:`tokenizer_name`) goes into each record's meta:
  ``whitespace`` for already tokenised text (e.g. the published Bambara English), ``spacy`` for spaCy's
  rule-based tokenizer of a blank pipeline for the language (``xx`` when spaCy has none).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import regex

from ..errors import check_choice

UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}"
WORD_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}]--[{UNSPACED}]]"
TOKEN_RE = regex.compile(rf"[{UNSPACED}]|{WORD_CHAR}+(?:['’\-]{WORD_CHAR}+)*|\S", regex.V1)
ELIDED_TOKEN_RE = re.compile(r"\w+'|\w+|[^\w\s]")
TOKENIZERS = ("whitespace", "spacy")
"""Methods of :func:`tokenize_translation`."""


def tokenize(text: str) -> list[str]:
    """Word and punctuation tokens of ``text`` (the default rule; see the module docstring)."""
    return TOKEN_RE.findall(text)


def tokenize_elided(text: str) -> list[str]:
    """Words and single punctuation marks; an apostrophe stays on the word before (``l'``)."""
    return ELIDED_TOKEN_RE.findall(text)


@cache
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


def tokenize_translation(text: str, lang: str, method: str = "spacy") -> list[str]:
    """Tokens of a machine translation into ``lang`` by ``method`` (one of :data:`TOKENIZERS`); never empty strings."""
    if method == "whitespace":
        return text.split()
    check_choice("tokenizer", method, TOKENIZERS)
    return [t.text for t in _blank(lang).make_doc(text) if t.text.strip()]
