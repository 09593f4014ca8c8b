"""A user's own corpus, uploaded through the app: parsed (never unpickled or executed) into a
:class:`~xproj_core.types.Corpus` and stored in the cache.

Accepted, each within :data:`MAX_BYTES` per file and :data:`MAX_PAIRS` pairs:

- ``jsonl``: canonical JSONL records (one sentence pair per line);
- ``conll-pair``: two line-parallel CoNLL files (token and IOB2 tag columns), source and target;
- ``pipes``: ``src tokens ||| tgt tokens`` lines, optionally with a tags file holding one line of
  space-separated IOB2 source tags per pair.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .errors import Errors, XprojError
from .tags import TagSyntaxError, validate_tags
from .types import Corpus, SentencePair

MAX_BYTES = 20 * 1024 * 1024
MAX_PAIRS = 50_000
KINDS = ("jsonl", "conll-pair", "pipes")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def check_size(name: str, data: bytes, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise XprojError(Errors.E802, name=name, size=len(data), limit=limit)


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise XprojError(Errors.E005, path=name, line=line, byte=data[error.start], offset=error.start) from None


def parse_pipes(name: str, text: str, tags_text: str | None, src_lang: str, tgt_lang: str) -> list[SentencePair]:
    """``src ||| tgt`` lines (whitespace-tokenised), with optional source tags, one line per pair."""
    lines = [line for line in text.splitlines() if line.strip()]
    tag_lines = None if tags_text is None else [line for line in tags_text.splitlines() if line.strip()]
    if tag_lines is not None and len(tag_lines) != len(lines):
        raise XprojError(Errors.E007, n_src=len(lines), src=name, n_tgt=len(tag_lines), tgt="tags file")
    pairs = []
    for number, line in enumerate(lines, start=1):
        if line.count("|||") != 1:
            raise XprojError(Errors.E009, path=name, line=number, detail="expected exactly one ' ||| ' separator")
        src, tgt = (side.split() for side in line.split("|||"))
        if not src or not tgt:
            raise XprojError(Errors.E008, path=name, line=number)
        src_tags = None
        if tag_lines is not None:
            tags = tag_lines[number - 1].split()
            if len(tags) != len(src):
                raise XprojError(Errors.E003, path="tags file", line=number, n_tokens=len(src), n_tags=len(tags))
            try:
                src_tags, _ = validate_tags(tags)
            except TagSyntaxError as error:
                raise XprojError(Errors.E004, path="tags file", line=number, tag=error.tag) from None
        pairs.append(SentencePair(f"{number - 1}", src_lang, tgt_lang, src, tgt, src_tags, None))
    return pairs


def parse_upload(
    kind: str,
    files: dict[str, tuple[str, bytes]],
    src_lang: str = "en",
    tgt_lang: str = "xx",
    corpus_name: str = "my-corpus",
) -> Corpus:
    """Parse uploaded files into a corpus named ``upload:<corpus_name>``.

    ``files`` maps a role (``data``; ``src`` and ``tgt`` for ``conll-pair``; optional ``tags`` for
    ``pipes``) to (file name, content).
    """
    if kind not in KINDS:
        raise XprojError(Errors.E006, fmt=kind, known=", ".join(KINDS))
    if not NAME_RE.match(corpus_name):
        raise XprojError(Errors.E016, option="corpus name", detail="letters, digits, '.', '_' or '-', at most 64")
    for name, data in files.values():
        check_size(name, data)
    needed = {"jsonl": ["data"], "conll-pair": ["src", "tgt"], "pipes": ["data"]}[kind]
    for role in needed:
        if role not in files:
            raise XprojError(Errors.E803, fmt=kind, detail=f"the {role} file is missing")
    if kind == "pipes":
        tags = files.get("tags")
        pairs = parse_pipes(
            files["data"][0], _decode(*files["data"]), None if tags is None else _decode(*tags), src_lang, tgt_lang
        )
    else:
        pairs = _read_with_io(kind, files, src_lang, tgt_lang)
    if not pairs:
        raise XprojError(Errors.E002, path=next(iter(files.values()))[0])
    if len(pairs) > MAX_PAIRS:
        raise XprojError(Errors.E803, fmt=kind, detail=f"{len(pairs)} pairs; the limit is {MAX_PAIRS}")
    return Corpus(f"upload:{corpus_name}", pairs, {"uploaded": True, "format": kind})


def _read_with_io(kind: str, files: dict[str, tuple[str, bytes]], src_lang: str, tgt_lang: str) -> list[SentencePair]:
    """The project's file readers on the uploaded bytes (written to a private temporary directory);
    error messages name the uploaded file, not the temporary copy."""
    from .io.conll import read_conll_pair
    from .io.jsonl import read_jsonl

    with tempfile.TemporaryDirectory(prefix="xproj-upload-") as tmp:
        paths = {}
        for role, (name, data) in files.items():
            path = Path(tmp) / role / Path(name).name
            path.parent.mkdir()
            path.write_bytes(data)
            paths[role] = path
        try:
            if kind == "jsonl":
                return read_jsonl(paths["data"])
            return read_conll_pair(paths["src"], paths["tgt"], src_lang, tgt_lang)
        except XprojError as error:
            raise XprojError(Errors.E803, fmt=kind, detail=str(error).replace(tmp + "/", "")) from None
