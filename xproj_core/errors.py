"""Coded, greppable error messages (after spaCy's ``errors.py``).

Raise ``XprojError(Errors.E001, path=..., line=...)``; the message always names the file and line when
they are known, e.g. ``[E003] data.conll:17: 3 tokens but 2 tags``. The CLI prints ``str(error)`` on one
line and exits non-zero. As with spaCy's ``add_codes``, reading ``Errors.E003`` gives the coded template
``"[E003] {n_tokens} tokens but {n_tags} tags"``, which carries its code and bare template as attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

CODE = re.compile(r"E\d{3}")


class CodedTemplate(str):
    """A message template prefixed with its code: ``"[E013] unknown dataset {name!r}; ..."``."""

    code: str
    template: str

    def __new__(cls, code: str, template: str) -> CodedTemplate:
        coded = super().__new__(cls, f"[{code}] {template}")
        coded.code = code
        coded.template = template
        return coded


class ErrorsWithCodes(type):
    """Metaclass: an attribute named like ``E013`` reads as the ``CodedTemplate`` of its template."""

    def __getattribute__(cls, name: str) -> object:
        value = super().__getattribute__(name)
        return CodedTemplate(name, value) if CODE.fullmatch(name) else value


class Errors(metaclass=ErrorsWithCodes):
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
    E040 = "unknown tag {tag!r} for tag set {tagset!r}; its types: {known}"
    E041 = "unknown tag set {name!r}; known tag sets: {known}"
    E042 = "{name!r} has no English side (languages {langs})"
    E043 = "no gold test set for language {lang!r}; languages with one: {known}"
    E930 = "the cache is busy: another process held its write lock for over {seconds} s; try again"
    E110 = "invalid alignment fine-tuning setting {setting}: {detail}"
    E111 = "cannot fine-tune a {name} for alignment: it has no encoder.layer stack"
    E112 = "nothing to fine-tune on: {detail}"
    E900 = "checkpoints here were made with other settings ({changed}); delete the folder or choose another --out"
    E901 = "{what} has no tagged sentences"
    E902 = "no gold {what} for {name!r}: {detail}"
    E903 = "invalid --eval {spec!r}: expected NAME=FILE_OR_DATASET"
    E950 = "bad parallel mixture: {detail}"
    E951 = "study {study!r} asks for the `matched` size but draws from no parallel source"
    E952 = "--interval must be between 0 and 100 (a confidence level in percent), got {value}"
    E953 = "--only {field}={value} matches no cell of this sweep; its {field} values: {known}"
    E954 = "the signature names the parallel source {name!r} but not its dataset spec: give --parallel SPEC"
    E955 = "not a cell signature {signature!r}: {detail}"
    E956 = "the data of {corpus!r} differ from the signature's: data:{then} there, data:{now} here"
    E053 = "not a silver record (xproj silver JSONL): {detail}"
    E054 = "corpus {corpus!r} is cached with other sentences and has {n} corrected; import under another name"
    E055 = "no corrected sentences in {corpus!r}: correct some (Correct page) before retraining on them"
    E056 = "no projection cached for {corpus!r} to train on: {detail}"
    E057 = "no gold set to score the retrained taggers on: give one as NAME=FILE_OR_DATASET"


class XprojError(Exception):
    """An error with a code, and the file and line it concerns when known."""

    def __init__(
        self,
        template: CodedTemplate,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        **fields: object,
    ) -> None:
        if not isinstance(template, CodedTemplate):
            raise TypeError(f"XprojError takes an Errors.Exxx template, not {template!r}")
        self.code = template.code
        self.path = None if path is None else str(path)
        self.line = line
        self.detail = template.template.format(**fields)
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        super().__init__(f"[{self.code}] {where}{self.detail}")

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle (a sweep worker's error crosses processes) without running ``__init__`` again."""
        return (_restore, (type(self), str(self), dict(vars(self))))


def _restore(cls: type[XprojError], message: str, state: dict[str, object]) -> XprojError:
    error = cls.__new__(cls, message)
    Exception.__init__(error, message)
    vars(error).update(state)
    return error


def check_choice(
    option: str, value: object, choices: Iterable[str], path: str | Path | None = None, line: int | None = None
) -> None:
    """Raise E016 naming the option and its allowed values when ``value`` is not one of ``choices`` (and the
    file and line that set it, when given)."""
    allowed = list(choices)
    if value not in allowed:
        detail = f"choose from {', '.join(allowed)}"
        raise XprojError(Errors.E016, path=path, line=line, option=f"{option}={value}", detail=detail)
