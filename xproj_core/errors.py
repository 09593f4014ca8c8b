"""Coded, greppable error messages (after spaCy's ``errors.py``).

Raise ``XprojError(Errors.E001, path=..., line=...)``; the message always names the file and line when
they are known, e.g. ``[E003] data.conll:17: 3 tokens but 2 tags``. The CLI prints ``str(error)`` on one
line and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable


class Errors:
    """Message templates; the code is the attribute name."""

    E001 = "file not found"
    E002 = "file is empty"
    E003 = "{n_tokens} tokens but {n_tags} tags"
    E004 = "unknown tag syntax {tag!r}"
    E005 = "not valid UTF-8 (byte {byte:#04x} at offset {offset})"
    E006 = "unknown format {fmt!r}; known formats: {known}"
    E007 = "parallel files have different sentence counts: {n_src} in {src} but {n_tgt} in {tgt}"
    E008 = "empty sentence"
    E009 = "malformed line: {detail}"
    E010 = "unknown {kind} {name!r}; registered: {known}"
    E011 = "invalid JSON: {detail}"
    E012 = "missing field {field!r}"
    E013 = "unknown dataset {name!r}; run `xproj datasets` to list them"
    E014 = "label id {label_id} outside the label list of {n_labels} labels"
    E015 = "alignment link {link!r} outside a {n_src}x{n_tgt} sentence pair"
    E016 = "invalid option {option!r}: {detail}"
    E017 = "{what} is not available: {detail}"
    E018 = "gold and prediction differ: {detail}"
    E100 = "cannot convert the e5 model: {detail}"
    E101 = "cannot load encoder {name!r}: {detail}"
    E102 = "output directory exists and is not empty"
    E200 = "projector {name!r} needs {what}"
    E201 = "unknown fusion preset {preset!r}; known presets: {known}"
    E400 = "{n_pred} predicted sentences but {n_gold} in gold {gold}"
    E401 = "tokens differ from gold {gold}:{gold_line}: {detail}"
    E402 = "record has no {side}_tags"
    E300 = "the gold tokens of sentence {index} differ from the {side} side of the pair: {detail}"
    E301 = "{what} needs {option}: {detail}"
    E302 = "not a valid {kind} file: {detail}"
    E600 = "asked for {n} extra sentence pairs but {corpus} has only {available} usable ones"
    E601 = "{what} has {n_lines} lines for {n_pairs} sentence pairs"
    E602 = "no {what} for sentence pair {pair_id!r}"
    E603 = "{tool} failed: {detail}"
    E500 = "{what} failed: {detail}"
    E501 = "no cached translation ({src_lang}->{tgt_lang}) of {text!r}"
    E700 = "unknown parallel source {name!r}; the config's `parallel:` names: {known}"
    E701 = "no cached results{detail}; run `xproj demo` or `xproj sweep CONFIG.yaml` first"
    E800 = "nothing to export: {detail}"
    E801 = "sentence {idx} has no correction and export mode {mode!r} needs a projection: choose a method"
    E802 = "upload {name!r} is {size} bytes; the limit is {limit} bytes"
    E803 = "cannot read the upload as {fmt}: {detail}"
    E900 = "checkpoints here were made with other settings ({changed}); delete the folder or choose another --out"
    E901 = "{what} has no tagged sentences"
    E902 = "no gold {what} for {name!r}: {detail}"
    E903 = "invalid --eval {spec!r}: expected NAME=FILE_OR_DATASET"


class XprojError(Exception):
    """An error with a code, and the file and line it concerns when known."""

    def __init__(
        self,
        template: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        **fields: object,
    ) -> None:
        self.code = next((k for k, v in vars(Errors).items() if v == template), "E000")
        self.path = None if path is None else str(path)
        self.line = line
        self.detail = template.format(**fields)
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        super().__init__(f"[{self.code}] {where}{self.detail}")


def check_choice(option: str, value: object, choices: Iterable[str]) -> None:
    """Raise E016 naming the option and its allowed values when ``value`` is not one of ``choices``."""
    allowed = list(choices)
    if value not in allowed:
        raise XprojError(Errors.E016, option=f"{option}={value}", detail=f"choose from {', '.join(allowed)}")
