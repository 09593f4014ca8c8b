"""The one tokenizer xproj applies to untokenised parallel text.

Rule: a token is a run of letters, combining marks and digits, optionally joined by inner apostrophes
or hyphens (``n'a``, ``COVID-19``, ``don't``, ``ẹ̀gbọ́n``); every other non-space character is a token
of its own (``,``, ``(``, ``.``). Chinese and Japanese (Han, Hiragana, Katakana) are written without
spaces, so each of their characters is a token (without a segmenter a whole clause would be one word).
It never changes characters, so tokens can be found in the text.
"""

from __future__ import annotations

import regex

UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}"
WORD_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}]--[{UNSPACED}]]"
TOKEN_RE = regex.compile(rf"[{UNSPACED}]|{WORD_CHAR}+(?:['’\-]{WORD_CHAR}+)*|\S", regex.V1)


def tokenize(text: str) -> list[str]:
    """Word and punctuation tokens of ``text`` (see the module docstring)."""
    return TOKEN_RE.findall(text)
