"""A silver corpus (the JSONL of ``xproj silver``) in the cache, without target gold.

The sentences keep their English labels (``src_tags``) and the confidence parts (``meta.silver``:
confidence, score, share, agreement); the target side has no gold (``tgt_tags`` null). Each projection
method of the file becomes one cached cell holding its spans as predictions, with no metrics, so the
Sentences, Compare, Correct and Export pages browse it like any projected corpus. Both ways in, the
app's upload (:mod:`xproj_core.upload`) and ``xproj import-silver``, read the file with
:func:`read_silver` and store it with :func:`store_corpus`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import Errors, XprojError
from .io.jsonl import read_json_lines, record_to_pair
from .signature import Signature, data_hash
from .store import CellResult, Store
from .types import Corpus, SentencePair, Span

FORMAT = "silver"
"""``Corpus.meta["format"]`` of a silver corpus (also the upload kind)."""
PARTS = ("confidence", "score", "share", "agreement")
"""The confidence of a sentence and its parts, as ``xproj silver`` writes them."""


def _checked_silver(pair: SentencePair, path: str | Path, line: int) -> dict[str, Any]:
    """``meta.silver`` of one record, checked: the confidence parts are numbers, every projected span a
    ``[start, end, label, score]`` inside the target sentence."""
    silver = pair.meta.get("silver")
    if not isinstance(silver, dict):
        raise XprojError(Errors.E053, path=path, line=line, detail="meta.silver is missing")
    for part in PARTS:
        if not isinstance(silver.get(part), (int, float)):
            raise XprojError(Errors.E053, path=path, line=line, detail=f"meta.silver.{part} is not a number")
    projections = silver.get("projections")
    if not isinstance(projections, dict) or not projections:
        raise XprojError(Errors.E053, path=path, line=line, detail="meta.silver.projections has no method")
    n = len(pair.tgt_tokens)
    for method, spans in projections.items():
        for span in spans if isinstance(spans, list) else [None]:
            ok = isinstance(span, list) and len(span) == 4 and isinstance(span[2], str)
            if not (ok and isinstance(span[0], int) and isinstance(span[1], int) and 0 <= span[0] < span[1] <= n):
                raise XprojError(Errors.E053, path=path, line=line, detail=f"bad span {span!r} of method {method!r}")
    return silver


def read_silver(path: str | Path, name: str, meta: dict[str, Any] | None = None) -> Corpus:
    """The silver JSONL at ``path`` as a corpus named ``name``; each pair's ``meta.silver`` still holds the
    projections (:func:`store_corpus` moves them into cells). A bad line: one error naming file and line."""
    pairs = []
    for line, record in read_json_lines(path):
        pair, _ = record_to_pair(record, path, line)
        _checked_silver(pair, path, line)
        pair.tgt_tags = None  # the projection is not gold: it lives in the method cells
        pairs.append(pair)
    if not pairs:
        raise XprojError(Errors.E002, path=path)
    return Corpus(name, pairs, {**(meta or {}), "format": FORMAT})


def is_silver(corpus_meta: dict[str, Any]) -> bool:
    return corpus_meta.get("format") == FORMAT


def confidence_parts(pair: SentencePair) -> dict[str, float] | None:
    """confidence, score, share, agreement of a silver sentence (None for other corpora)."""
    silver = pair.meta.get("silver")
    if not isinstance(silver, dict) or not all(part in silver for part in PARTS):
        return None
    return {part: float(silver[part]) for part in PARTS}


def describe_confidence(parts: dict[str, float] | None) -> str:
    """``confidence 0.42 = score 0.70 × share projected 0.60 × agreement 1.00`` (empty without parts)."""
    if parts is None or any(math.isnan(v) for v in parts.values()):
        return ""
    return (
        f"confidence {parts['confidence']:.2f} = score {parts['score']:.2f} × share projected {parts['share']:.2f}"
        f" × agreement {parts['agreement']:.2f}"
    )


def method_names(signatures: Sequence[str]) -> dict[str, str]:
    """A projector signature → the name its cell goes by: the projector's spec (``heuristic`` for
    ``heuristic(d=1,...)``) when no other method of the file shares it, else the full signature."""
    bases = [signature.split("(")[0] for signature in signatures]
    return {sig: base if bases.count(base) == 1 else sig for sig, base in zip(signatures, bases)}


def _method_cells(corpus: Corpus, projections: Sequence[dict[str, list[list[Any]]]]) -> list[CellResult]:
    """One cell per projection method (in order of first appearance), its spans as predictions, no metrics."""
    first = corpus.pairs[0]
    methods = list(dict.fromkeys(m for found in projections for m in found))
    silver = first.meta["silver"]
    digest = data_hash(corpus.pairs)
    names = method_names(methods)
    cells = []
    for method in methods:
        signature = Signature(
            corpus=corpus.name,
            pair=f"{first.src_lang}-{first.tgt_lang}",
            aligner=str(silver.get("aligner") or "-"),
            method=names[method],
            source_labels=str(silver.get("labels") or "silver"),
            data_hash=digest,
        )
        spans = [found.get(method, []) for found in projections]
        predictions = [[Span(a, b, label, float(score)) for a, b, label, score in some] for some in spans]
        cells.append(CellResult(signature, {"source": "silver", "projector": method}, {}, predictions))
    return cells


def store_corpus(store: Store, corpus: Corpus) -> int:
    """Store a corpus; a silver one (:func:`read_silver`) with one cell per projection method, replacing the
    cells of an earlier import. Refuses (E054) to replace other sentences that have corrections.
    Returns the number of method cells written."""
    if not is_silver(corpus.meta):
        store.put_corpus(corpus)
        return 0
    pairs = copy.deepcopy(corpus.pairs)
    projections = [pair.meta["silver"].pop("projections") for pair in pairs]
    stored = Corpus(corpus.name, pairs, corpus.meta)
    known = {row["name"]: row for row in store.corpora()}
    corrected = store.corrected_indices(corpus.name)
    if corpus.name in known and known[corpus.name]["data"] != data_hash(pairs) and corrected:
        raise XprojError(Errors.E054, corpus=corpus.name, n=len(corrected))
    cells = _method_cells(stored, projections)
    store.delete_cells(corpus.name)
    store.put_corpus(stored)
    for cell in cells:
        store.write_cell(cell)
    return len(cells)
