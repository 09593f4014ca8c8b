"""The silver-data loop: parallel text → source labels → alignment → projection → a silver target corpus.

Pure-ish steps that the CLI (``xproj silver``) and the sweep's tagger cells call: :func:`join_parallel`
(named datasets or files, concatenated), :func:`label_sources`, :func:`project_pairs` (one chunk, every
method), :func:`project_aligned` (the same over alignments at hand) and :func:`silver_sentence` (its
confidence). :func:`build_silver` runs them
chunk by chunk, checkpointing each finished chunk atomically, so a re-run resumes where it stopped.

Confidence of a sentence = mean projected span score x share of source entities projected x agreement
of the methods (1 with one method). The share counts, per type, ``min(target spans, source spans)``
over the source spans; the agreement is the mean pairwise Jaccard overlap of the methods' span sets.
A sentence without source entities has share 1 and score 1.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import Errors, XprojError
from .io.atomic import atomic_write
from .types import Alignment, SentencePair, Span

CHUNK = 500
"""Sentence pairs per checkpointed chunk."""


@dataclass(frozen=True)
class SilverSettings:
    """Everything that decides the silver corpus (filters excluded: they apply when writing)."""

    parallel: tuple[str, ...]
    labels: str = "e5-conll"
    aligner: str = "e5"
    methods: tuple[str, ...] = ("heuristic",)
    types: tuple[str, ...] = ("PER", "ORG", "LOC")
    n: int | None = None
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass
class SilverSentence:
    """A projected target sentence with its source labels and confidence parts."""

    pair: SentencePair
    src_spans: list[Span]
    projections: dict[str, list[Span]]  # method signature → target spans; the first is the output
    score: float = 1.0
    share: float = 1.0
    agreement: float = 1.0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def spans(self) -> list[Span]:
        return next(iter(self.projections.values()))

    @property
    def confidence(self) -> float:
        return self.score * self.share * self.agreement


def join_parallel(specs: Sequence[str], data_dir: str | Path | None = None) -> list[SentencePair]:
    """Sentence pairs of several parallel sources (:func:`~xproj_core.mixture.load_parallel`), concatenated;
    ids become ``<i>:<id>`` when several. An empty source or sentence is an error naming the file and line."""
    from .mixture import load_parallel

    pairs: list[SentencePair] = []
    for number, spec in enumerate(specs):
        loaded = load_parallel(spec, data_dir).pairs
        if not loaded:
            raise XprojError(Errors.E002, path=spec)
        for pair in loaded:
            if not pair.src_tokens or not pair.tgt_tokens:
                raise XprojError(Errors.E008, path=spec, line=pair.meta.get("line"))
            if len(specs) > 1:
                pair.id = f"{number}:{pair.id}"
            pair.meta.setdefault("parallel", spec)
        pairs += loaded
    return pairs


def label_sources(tagger: Any, pairs: Sequence[SentencePair], types: Sequence[str] | None) -> list[list[Span]]:
    """Source entity spans a NER tagger finds, restricted to ``types``."""
    from .tags import filter_types, tags_to_spans

    return [filter_types(tags_to_spans(t), types) for t in tagger.tag([p.src_tokens for p in pairs])]


def _keys(spans: Sequence[Span]) -> set[tuple[int, int, str]]:
    return {s.key for s in spans}


def agreement(projections: Sequence[Sequence[Span]]) -> float:
    """Mean pairwise Jaccard overlap of span sets (1 for one set, or when all are empty)."""
    overlaps = []
    for i in range(len(projections)):
        for j in range(i + 1, len(projections)):
            a, b = _keys(projections[i]), _keys(projections[j])
            overlaps.append(len(a & b) / len(a | b) if a | b else 1.0)
    return sum(overlaps) / len(overlaps) if overlaps else 1.0


def projected_share(src_spans: Sequence[Span], tgt_spans: Sequence[Span]) -> float:
    """Per type ``min(target, source)`` span counts over the source spans (1 without source spans)."""
    if not src_spans:
        return 1.0
    src, tgt = Counter(s.label for s in src_spans), Counter(s.label for s in tgt_spans)
    return sum(min(tgt[label], count) for label, count in src.items()) / sum(src.values())


def silver_sentence(pair: SentencePair, src_spans: list[Span], projections: dict[str, list[Span]]) -> SilverSentence:
    """A sentence with its confidence parts (see the module docstring)."""
    spans = next(iter(projections.values()))
    score = sum(s.score for s in spans) / len(spans) if spans else float(not src_spans)
    return SilverSentence(
        pair,
        src_spans,
        projections,
        score=score,
        share=projected_share(src_spans, spans),
        agreement=agreement(list(projections.values())),
    )


def project_pairs(
    pairs: Sequence[SentencePair], src_spans: Sequence[list[Span]], aligner: Any, projectors: Sequence[Any]
) -> list[SilverSentence]:
    """Project one chunk with every projector (aligning once when any needs it)."""
    alignments: list[Alignment | None] = [None] * len(pairs)
    if any(p.needs_alignment for p in projectors):
        alignments = list(aligner.align(list(pairs)))
    return project_aligned(pairs, src_spans, alignments, projectors)


def project_aligned(
    pairs: Sequence[SentencePair],
    src_spans: Sequence[list[Span]],
    alignments: Sequence[Alignment | None],
    projectors: Sequence[Any],
) -> list[SilverSentence]:
    """Project ``src_spans`` over ``alignments`` with every projector; the first projector's spans are the output."""
    from .project import ProjectionInput

    items = [ProjectionInput(p, s, a) for p, s, a in zip(pairs, src_spans, alignments)]
    results = {p.signature(): p.project(items) for p in projectors}
    return [
        silver_sentence(pair, list(spans), {name: list(r[k]) for name, r in results.items()})
        for k, (pair, spans) in enumerate(zip(pairs, src_spans))
    ]


# --- records and checkpoints ----------------------------------------------------------------------------


def to_record(sentence: SilverSentence, settings: SilverSettings | None = None) -> dict[str, Any]:
    """The canonical JSONL record: source labels on ``src_tags``, the projection on ``tgt_tags``; with
    ``settings``, ``meta.silver`` also names the aligner and the source labeller."""
    from .tags import spans_to_tags

    pair = sentence.pair
    record = pair.to_record()
    record["src_tags"] = spans_to_tags(sentence.src_spans, len(pair.src_tokens))
    record["tgt_tags"] = spans_to_tags(sentence.spans, len(pair.tgt_tokens))
    record["meta"]["silver"] = {
        "confidence": round(sentence.confidence, 6),
        "score": round(sentence.score, 6),
        "share": round(sentence.share, 6),
        "agreement": round(sentence.agreement, 6),
        "projections": {
            m: [[s.start, s.end, s.label, round(s.score, 6)] for s in spans]
            for m, spans in sentence.projections.items()
        },
    }
    if settings is not None:
        record["meta"]["silver"].update(aligner=settings.aligner, labels=settings.labels)
    return record


def from_record(record: dict[str, Any]) -> SilverSentence:
    """The inverse of :func:`to_record`."""
    from .tags import tags_to_spans

    meta = dict(record["meta"])
    silver = meta.pop("silver")
    pair = SentencePair(
        record["id"], record["src_lang"], record["tgt_lang"], record["src_tokens"], record["tgt_tokens"], meta=meta
    )
    projections = {
        m: [Span(a, b, label, score) for a, b, label, score in spans] for m, spans in silver["projections"].items()
    }
    return SilverSentence(
        pair, tags_to_spans(record["src_tags"]), projections, silver["score"], silver["share"], silver["agreement"]
    )


def checkpoint_dir(out: str | Path) -> Path:
    """The folder of finished chunks beside an output file."""
    out = Path(out)
    return out.with_name(f".{out.name}.parts")


def _open_checkpoints(folder: Path, settings: SilverSettings, n_pairs: int) -> None:
    """Create the checkpoint folder, or check that the one found was made with the same settings."""
    manifest = folder / "settings.json"
    wanted = {**settings.as_dict(), "pairs": n_pairs}
    if manifest.is_file():
        found = json.loads(manifest.read_text(encoding="utf-8"))
        if found != wanted:
            changed = ", ".join(sorted(k for k in wanted if found.get(k) != wanted[k]))
            raise XprojError(Errors.E900, path=folder, changed=changed)
        return
    with atomic_write(manifest) as handle:
        json.dump(wanted, handle)


def build_silver(
    settings: SilverSettings,
    pairs: Sequence[SentencePair],
    tagger: Any,
    aligner: Any,
    projectors: Sequence[Any],
    checkpoints: Path | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> list[SilverSentence]:
    """Label, align and project ``pairs`` chunk by chunk; finished chunks are kept under ``checkpoints``
    (one JSONL file each, written atomically) and read back instead of recomputed on a re-run."""
    if checkpoints is not None:
        _open_checkpoints(checkpoints, settings, len(pairs))
    result: list[SilverSentence] = []
    for number, start in enumerate(range(0, len(pairs), chunk)):
        part = pairs[start : start + chunk]
        path = None if checkpoints is None else checkpoints / f"chunk-{number:05d}.jsonl"
        if path is not None and path.is_file():
            done = [from_record(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
        else:
            src_spans = label_sources(tagger, part, settings.types)
            done = project_pairs(part, src_spans, aligner, projectors)
            if path is not None:
                with atomic_write(path) as handle:
                    handle.writelines(json.dumps(to_record(s), ensure_ascii=False) + "\n" for s in done)
        result += done
        if progress is not None:
            progress(len(part))
    return result


def finish_checkpoints(checkpoints: Path) -> None:
    """Remove the checkpoint folder once the output is written."""
    shutil.rmtree(checkpoints, ignore_errors=True)


# --- filters and output ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SilverFilter:
    """Which silver sentences to keep: fully projected only, a confidence floor, a cap on the share of
    sentences without entities (the surplus is dropped at random by ``seed``)."""

    only_complete: bool = False
    min_confidence: float = 0.0
    max_empty_share: float | None = None
    seed: int = 0


def filter_silver(sentences: Sequence[SilverSentence], rule: SilverFilter) -> list[SilverSentence]:
    """The sentences ``rule`` keeps, in their order."""
    kept = [s for s in sentences if (s.share == 1.0 or not rule.only_complete) and s.confidence >= rule.min_confidence]
    if rule.max_empty_share is None or rule.max_empty_share >= 1:
        return kept
    empty = [k for k, s in enumerate(kept) if not s.spans]
    n_full = len(kept) - len(empty)
    allowed = int(rule.max_empty_share * n_full / (1 - rule.max_empty_share))
    dropped = set(random.Random(rule.seed).sample(empty, len(empty) - allowed)) if len(empty) > allowed else set()
    return [s for k, s in enumerate(kept) if k not in dropped]


FORMATS = (".jsonl", ".conll", ".txt")


def check_format(path: str | Path) -> None:
    """E006 unless the suffix names a silver output format."""
    path = Path(path)
    if path.suffix not in FORMATS:
        raise XprojError(Errors.E006, path=path, fmt=path.suffix or path.name, known=", ".join(FORMATS))


def write_silver(path: str | Path, sentences: Sequence[SilverSentence], settings: SilverSettings | None = None) -> None:
    """JSONL records (:func:`to_record`) or CoNLL target tokens and tags with ``# id`` / ``# confidence``
    comment lines, chosen by the suffix; written atomically."""
    from .tags import spans_to_tags

    path = Path(path)
    check_format(path)
    with atomic_write(path) as handle:
        for sentence in sentences:
            if path.suffix == ".jsonl":
                handle.write(json.dumps(to_record(sentence, settings), ensure_ascii=False) + "\n")
                continue
            tokens = sentence.pair.tgt_tokens
            handle.write(f"# id = {sentence.pair.id}\n# confidence = {sentence.confidence:.6f}\n")
            for token, tag in zip(tokens, spans_to_tags(sentence.spans, len(tokens))):
                handle.write(f"{token}\t{tag}\n")
            handle.write("\n")


def summary(sentences: Sequence[SilverSentence], kept: Sequence[SilverSentence]) -> dict[str, Any]:
    """Counts a run reports: pairs, kept sentences, source and projected entities, mean confidence."""
    n_src = sum(len(s.src_spans) for s in sentences)
    n_tgt = sum(len(s.spans) for s in sentences)
    return {
        "pairs": len(sentences),
        "kept": len(kept),
        "source_entities": n_src,
        "projected_entities": n_tgt,
        "complete": sum(s.share == 1.0 for s in sentences),
        "without_entities": sum(not s.spans for s in kept),
        "mean_confidence": round(sum(s.confidence for s in kept) / len(kept), 4) if kept else None,
    }
