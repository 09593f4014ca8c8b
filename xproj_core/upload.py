"""A user's own corpus, uploaded through the app: parsed (never unpickled or executed) into a
:class:`~xproj_core.types.Corpus` and stored in the cache.

Accepted, each within :data:`MAX_BYTES` per file and :data:`MAX_PAIRS` pairs:

- ``jsonl``: canonical JSONL records (one sentence pair per line);
- ``conll2``: two line-parallel CoNLL files (token and IOB2 tag columns), source and target;
- ``tokpairs``: ``src tokens ||| tgt tokens`` lines, optionally with a tags file holding one line of
  space-separated IOB2 source tags per pair;
- ``silver``: the JSONL of ``xproj silver`` (no target gold; each projection method becomes a cached cell
  when :func:`xproj_core.silver_cache.store_corpus` stores the corpus).

The other names are those of :mod:`xproj_core.io.formats`, and the files are read by its readers (a silver file
by :func:`xproj_core.silver_cache.read_silver`).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .errors import Errors, XprojError
from .io.formats import ReadOptions, read_files
from .io.tokpairs import read_tag_lines
from .silver_cache import read_silver
from .types import Corpus, SentencePair

MAX_BYTES = 20 * 1024 * 1024
MAX_PAIRS = 50_000
ROLES = {"jsonl": ("data",), "conll2": ("src", "tgt"), "tokpairs": ("data",), "silver": ("data",)}
"""Format name → the files it reads, in order (``tokpairs`` also takes an optional ``tags`` file)."""
KINDS = tuple(ROLES)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def check_size(name: str, data: bytes, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise XprojError(Errors.E802, name=name, size=len(data), limit=limit)


def parse_upload(
    kind: str,
    files: dict[str, tuple[str, bytes]],
    src_lang: str = "en",
    tgt_lang: str = "xx",
    corpus_name: str = "my-corpus",
) -> Corpus:
    """Parse uploaded files into a corpus named ``upload:<corpus_name>``.

    ``files`` maps a role (``data``; ``src`` and ``tgt`` for ``conll2``; optional ``tags`` for
    ``tokpairs``) to (file name, content).
    """
    if kind not in KINDS:
        raise XprojError(Errors.E006, fmt=kind, known=", ".join(KINDS))
    if not NAME_RE.match(corpus_name):
        raise XprojError(Errors.E016, option="corpus name", detail="letters, digits, '.', '_' or '-', at most 64")
    for name, data in files.values():
        check_size(name, data)
    for role in ROLES[kind]:
        if role not in files:
            raise XprojError(Errors.E803, fmt=kind, detail=f"the {role} file is missing")
    pairs = _read_with_io(kind, files, src_lang, tgt_lang)
    if not pairs:
        raise XprojError(Errors.E002, path=next(iter(files.values()))[0])
    if len(pairs) > MAX_PAIRS:
        raise XprojError(Errors.E803, fmt=kind, detail=f"{len(pairs)} pairs; the limit is {MAX_PAIRS}")
    return Corpus(f"upload:{corpus_name}", pairs, {"uploaded": True, "format": kind})


def _read_with_io(kind: str, files: dict[str, tuple[str, bytes]], src_lang: str, tgt_lang: str) -> list[SentencePair]:
    """The project's file readers on the uploaded bytes (written to a private temporary directory);
    error messages name the uploaded file, not the temporary copy."""
    with tempfile.TemporaryDirectory(prefix="xproj-upload-") as tmp:
        paths = {}
        for role, (name, data) in files.items():
            path = Path(tmp) / role / Path(name).name
            path.parent.mkdir()
            path.write_bytes(data)
            paths[role] = path
        try:
            if kind == "silver":
                return read_silver(paths["data"], "upload").pairs
            pairs = read_files(kind, [paths[role] for role in ROLES[kind]], ReadOptions(src_lang, tgt_lang))
            if kind == "tokpairs" and "tags" in paths:
                read_tag_lines(paths["tags"], pairs)
            return pairs
        except XprojError as error:
            raise XprojError(Errors.E803, fmt=kind, detail=str(error).replace(tmp + "/", "")) from None
