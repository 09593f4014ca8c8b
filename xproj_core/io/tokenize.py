"""The one tokenizer xproj applies to untokenised parallel text.

Rule: a token is a run of letters, combining marks and digits, optionally joined by inner apostrophes
or hyphens (``n'a``, ``COVID-19``, ``don't``, ``ẹ̀gbọ́n``); every other non-space character is a token
of its own (``,``, ``(``, ``.``). It never changes characters, so tokens can be found in the text.
"""

from __future__ import annotations

import regex

TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*|\S")


def tokenize(text: str) -> list[str]:
    """Word and punctuation tokens of ``text`` (see the module docstring)."""
    return TOKEN_RE.findall(text)
