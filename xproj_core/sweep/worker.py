"""Running one group of cells: load the corpus, align once, then project and score every cell.

:func:`score_cell` is the single pipeline for one cell (project source spans over alignments, score them
against the target gold); :func:`iter_group` runs a whole :class:`~.base.Group` through it, and
:func:`~.dispatch.run_group` (the task a worker process or a Ray task runs) sends tagger groups to
:mod:`.tagger` instead. Workers only compute: the parent
process writes the cache. Everything a worker builds (corpora, models, alignments) is kept per process;
tagger-made source labels are computed once by the parent (:func:`with_source_labels`) and travel with
the groups, so no worker tags a corpus again.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..signature import data_hash
from ..store import CellResult, Store
from ..types import Alignment, Corpus, Span
from .base import NO_SOLVER, Cell, CellOutcome, Component, Group, SourceSpans, corpus_identity


@lru_cache(maxsize=16)
def cached_corpus(spec: str, data_dir: str | None) -> Corpus:
    """A test corpus, loaded once per process."""
    from ..datasets import load_corpus

    return load_corpus(spec, data_dir=data_dir)


def resolve_placeholders(spec: str) -> str:
    """``${cache}`` and ``${repo}`` in a spec (e.g. ``imported:${cache}/demo/links.pharaoh``) made absolute;
    signatures keep the spec as written, so they do not depend on where the repository lives."""
    from string import Template

    from ..store import REPO_ROOT, cache_dir

    return Template(spec).safe_substitute(cache=str(cache_dir()), repo=str(REPO_ROOT))


@lru_cache(maxsize=8)
def build_component(kind: str, spec: str, options: tuple[tuple[str, Any], ...]) -> Any:
    """A registry component (``aligner``, ``projector`` or ``tagger``), built once per process (models load once)."""
    from ..align import ALIGNERS
    from ..models import NER_TAGGERS
    from ..project import PROJECTORS

    registry = {"aligner": ALIGNERS, "projector": PROJECTORS, "tagger": NER_TAGGERS}[kind]
    built = dict(options)
    if kind == "projector" and isinstance(built.get("tagger"), str):  # a target-side tagger given by its spec
        built["tagger"] = build_component("tagger", built["tagger"], ())
    return registry.create(resolve_placeholders(spec), **built)


def is_gold(labels: Component) -> bool:
    return labels.spec == "gold" and not labels.options


@lru_cache(maxsize=8)
def source_spans(corpus_spec: str, labels: Component, data_dir: str | None) -> SourceSpans:
    """Source spans per sentence: the corpus's gold tags (``gold``), or a tagger's output."""
    from ..tags import tags_to_spans

    corpus = cached_corpus(corpus_spec, data_dir)
    if is_gold(labels):
        return tuple(tuple(p.src_spans) for p in corpus)
    tagger = build_component("tagger", labels.spec, labels.options)
    return tuple(tuple(tags_to_spans(tags)) for tags in tagger.tag([p.src_tokens for p in corpus]))


def with_source_labels(groups: Sequence[Group], data_dir: str | None) -> list[Group]:
    """The groups with their tagger-made source spans attached, each corpus × labeller tagged once here
    (in the parent, with all its threads) instead of once per worker; gold spans are read where needed.
    A labeller that fails here is left to the workers, which report its error per cell."""
    attached = []
    tagged: dict[tuple[str, Component], float] = {}  # seconds the tagging took (later groups hit the cache)
    for group in groups:
        if group.trains_taggers:  # they label their drawn pairs themselves (sweep/tagger.py)
            attached.append(group)
            continue
        labelled = []
        for labels in dict.fromkeys(c.source_labels for c in group.cells if not is_gold(c.source_labels)):
            timings: dict[str, float] = {}
            try:
                with _timed(timings, "labels"):
                    spans = source_spans(group.corpus, labels, data_dir)
            except Exception:  # noqa: BLE001 - reported per cell by the worker that retries it
                continue
            tagged.setdefault((group.corpus, labels), timings["labels"])
            labelled.append((labels, spans, tagged[group.corpus, labels]))
        attached.append(replace(group, labelled=tuple(labelled)))
    return attached


def init_worker(torch_threads: int = 1) -> None:
    """A pool worker: stops as :func:`~xproj_core.interrupt.as_worker` says, and runs torch on
    ``torch_threads`` threads (several workers share the cores; one thread each avoids oversubscription)."""
    from .. import interrupt

    interrupt.as_worker()
    if "torch" in sys.modules:  # forked after the parent used torch
        sys.modules["torch"].set_num_threads(torch_threads)
    else:  # read by torch when the worker imports it
        os.environ["OMP_NUM_THREADS"] = str(torch_threads)


class MemoryPeak:
    """Peak resident memory (MB) of this process while the block runs, sampled from /proc every 20 ms
    (falls back to the process's lifetime peak where /proc is missing)."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()

    @staticmethod
    def current_mb() -> float:
        try:
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, self.current_mb())

    def __enter__(self) -> MemoryPeak:
        self.peak_mb = self.current_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self.current_mb())


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 4)


def evaluate(
    gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], types: Iterable[str] | None = None
) -> tuple[dict[str, dict[str, float]], list[dict[str, int]], list[float]]:
    """Metrics (``overall`` and per type), per-sentence category counts and per-sentence F1."""
    from ..evaluate.categories import categorize_corpus
    from ..evaluate.spans import span_scores

    scores = span_scores(gold, pred, types)
    scopes = {"overall": scores.micro, **scores.per_type}
    metrics = {
        scope: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.n_gold, "predicted": c.n_pred}
        for scope, c in scopes.items()
    }
    sentences = categorize_corpus(gold, pred, types)
    return metrics, [s.counts for s in sentences], [s.f1 for s in sentences]


class MemoAligner:
    """Wraps an aligner so that its alignments of the same sentences are computed once per process,
    keyed by the aligner's signature and the sentences' hash. Within a sweep every aligner the registry
    builds is wrapped, the inner ones of ``fused:``/``bt:`` included, so ``fused:e5+eflomal`` reuses the
    e5 and eflomal alignments of the same draw instead of recomputing them."""

    MEMO: OrderedDict[tuple[str, str], list[Alignment]] = OrderedDict()
    SIZE = 64

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def signature(self) -> str:
        return self.inner.signature()

    def align(self, pairs: Sequence[Any], progress: bool = False) -> list[Alignment]:
        key = (self.inner.signature(), data_hash(pairs))
        if key in self.MEMO:
            self.MEMO.move_to_end(key)
            return self.MEMO[key]
        alignments = self.inner.align(pairs, progress)
        self.MEMO[key] = alignments
        while len(self.MEMO) > self.SIZE:
            self.MEMO.popitem(last=False)
        return alignments


def _build_aligner(group: Group) -> Any:
    """An aligner that draws parallel data is built for its draw (N, seed, source); others once per process."""
    assert group.aligner is not None
    component = group.aligner.component
    if group.aligner.draws_parallel:
        from ..align import ALIGNERS

        draw: dict[str, Any] = {"n_extra": group.n, "seed": group.seed}
        if group.parallel_spec:
            draw["extra"] = group.parallel_spec
        prefix = group.aligner.draw_prefix
        return ALIGNERS.create(
            resolve_placeholders(component.spec), **dict(component.options), **{prefix + k: v for k, v in draw.items()}
        )
    return build_component("aligner", component.spec, component.options)


def align_group(group: Group, corpus: Corpus, progress: bool = False) -> tuple[list[Alignment], str, float]:
    """The group's alignments of ``corpus``, the aligner's own signature, and the seconds they took."""
    from ..align import ALIGNERS

    assert group.aligner is not None
    start = time.perf_counter()
    with ALIGNERS.wrapping(MemoAligner):
        aligner = _build_aligner(group)
        alignments = aligner.align(corpus.pairs, progress=progress)
    return alignments, aligner.signature(), time.perf_counter() - start


def score_cell(
    cell: Cell,
    corpus: Corpus,
    source: Sequence[Iterable[Span]],
    alignments: Sequence[Alignment | None],
    *,
    aligner_signature: str = "-",
    settings: Mapping[str, Any] | None = None,
    timings: dict[str, float] | None = None,
    progress: bool = False,
) -> CellResult:
    """One cell: project ``source`` spans (per sentence) over ``alignments`` with the cell's method and
    solver, keep the cell's entity types, and score against the corpus's target gold.

    ``settings`` are added to the result's settings; ``timings`` (``project``, ``evaluate`` in seconds)
    are added to the dict given. The result's peak memory covers projection and scoring."""
    from ..project import ProjectionInput
    from ..tags import filter_types

    timings = {} if timings is None else timings
    solver = () if cell.solver == NO_SOLVER else (("solver", cell.solver),)
    with MemoryPeak() as memory:
        projector = build_component("projector", cell.method.spec, cell.method.options + solver)
        items = [ProjectionInput(p, filter_types(s, cell.types), a) for p, s, a in zip(corpus, source, alignments)]
        with _timed(timings, "project"):
            predicted = projector.project(items, progress=progress)
        with _timed(timings, "evaluate"):
            metrics, categories, sentence_f1 = evaluate([p.tgt_spans for p in corpus], predicted, cell.types)
    return CellResult(
        signature=cell.signature(*corpus_identity(corpus)),
        settings={
            "aligner_signature": aligner_signature,
            "projector_signature": projector.signature(),
            **(settings or {}),
            "n_sentences": len(corpus),
        },
        metrics=metrics,
        predictions=[list(p) for p in predicted],
        categories=categories,
        sentence_f1=sentence_f1,
        timings=timings,
        peak_memory_mb=round(memory.peak_mb, 1),
    )


def iter_group(group: Group, progress: bool = False) -> Iterator[CellOutcome]:
    """Run a group's cells one after the other, yielding each outcome as soon as it is known."""
    timings: dict[str, float] = {}
    try:
        with _timed(timings, "load"):
            corpus = cached_corpus(group.corpus, group.data_dir)
        with MemoryPeak() as memory:
            if group.aligner is None:
                alignments, aligner_signature, align_seconds = [None] * len(corpus), "-", 0.0
            else:
                alignments, aligner_signature, align_seconds = align_group(group, corpus, progress)
        align_peak = memory.peak_mb
    except Exception as error:  # noqa: BLE001 - reported per cell, the sweep goes on
        for cell in group.cells:
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
        return
    labelled = {labels: (spans, seconds) for labels, spans, seconds in group.labelled}
    for index, cell in enumerate(group.cells):
        cell_timings = {"load": timings["load"], "align": round(align_seconds, 4)}
        try:
            with MemoryPeak() as memory:
                if cell.source_labels in labelled:  # tagged by the parent: its time, as for a tagger run here
                    source, cell_timings["labels"] = labelled[cell.source_labels]
                else:
                    with _timed(cell_timings, "labels"):
                        source = source_spans(cell.corpus, cell.source_labels, group.data_dir)
            result = score_cell(
                cell,
                corpus,
                source,
                alignments,
                aligner_signature=aligner_signature,
                settings={"parallel_spec": group.parallel_spec, "align_shared_by": len(group.cells)},
                timings=cell_timings,
                progress=progress,
            )
            result.peak_memory_mb = round(max(align_peak, memory.peak_mb, result.peak_memory_mb or 0.0), 1)
        except Exception as error:  # noqa: BLE001
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
            continue
        keep = group.store_alignments and group.aligner is not None and index == 0
        yield CellOutcome(
            cell,
            result,
            alignments=list(alignments) if keep else None,
            alignment_key=Store.alignment_key(cell.aligner, group.parallel, group.n, group.seed) if keep else None,
        )
