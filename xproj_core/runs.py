"""Evaluation sweeps: corpus × parallel source × N × aligner × method × solver × seed × source labels.

A sweep config (YAML, or the equivalent ``xproj sweep`` flags) expands into *cells*; a cell loads its
corpus, gets source spans (gold or a tagger), aligns, projects, evaluates and is written to the
:class:`~xproj_core.store.Store` in one transaction, under its :class:`~xproj_core.signature.Signature`.
Finished cells are skipped on a re-run, so a sweep resumes where it stopped.

Cells that share an alignment (same corpus, aligner, parallel source, N and seed) form a *group*, the
unit of work handed to a worker: the alignment is computed once and reused by every method, solver and
source-label setting of the group. Aligners that use no parallel data ignore N and the seed, so they
get one group per corpus (stored with ``N = 0`` and ``parallel = -``: their curve is flat). Workers
(local processes or Ray tasks) only compute; the parent process alone writes the cache, cell by cell.

Config::

    name: demo
    store_alignments: first-seed   # none | first-seed | all
    parallel: {nllb-seed: "nllb-seed:eng-bam"}    # name → dataset spec
    sizes: [0, 250, 500]           # keys at the top are defaults for every study
    seeds: [0, 1, 2]
    studies:
      - corpora: [bam-translate-test]
        source_labels: [spacy]     # "gold" or an NER_TAGGERS spec
        parallel: [nllb-seed]
        aligners: [eflomal, {spec: e5, options: {matching: itermax}}]
        methods: [heuristic, {spec: ilp-align, solvers: [greedy, exact]}]
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
import os
import resource
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import yaml

from .errors import Errors, XprojError
from .signature import Signature, data_hash
from .store import CellResult, Store, cache_dir
from .types import Alignment, Corpus, Span

Progress = Callable[[float, str], None]
"""``progress(fraction_done, message)``, as the app's first-start callback takes it."""

ALIGNMENT_POLICIES = ("none", "first-seed", "all")
NO_ALIGNER = "-"


# ------------------------------------------------------------------------------------------ config
@dataclass(frozen=True)
class Component:
    """A registry spec with keyword options; ``label`` names it in signatures and tables."""

    spec: str
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def label(self) -> str:
        if not self.options:
            return self.spec
        return f"{self.spec}({','.join(f'{k}={v}' for k, v in self.options)})"

    @classmethod
    def parse(cls, value: str | Mapping[str, Any], where: str) -> "Component":
        if isinstance(value, str):
            return cls(value)
        if "spec" not in value:
            raise XprojError(Errors.E012, path=where, field="spec")
        options = tuple(sorted((str(k), v) for k, v in (value.get("options") or {}).items()))
        component = cls(str(value["spec"]), options)
        if "|" in component.label:
            raise XprojError(Errors.E016, path=where, option=component.label, detail="'|' is reserved for signatures")
        return component


@dataclass(frozen=True)
class AlignerChoice:
    """An aligner of a study; ``uses_n``: it takes N extra parallel sentences (eflomal), else N is ignored.

    ``prefix`` routes the draw to an inner aligner of a composite one: with ``b.``, ``fused:e5+eflomal``
    gets ``b.n_extra``, ``b.seed`` and ``b.extra`` (config: ``uses_n: b.``)."""

    component: Component
    uses_n: bool
    prefix: str = ""


@dataclass(frozen=True)
class MethodChoice:
    """A projection method with the solvers to try (``-`` for a method without one)."""

    component: Component
    solvers: tuple[str, ...] = ("-",)
    needs_alignment: bool = True


@dataclass
class Study:
    """One cross product of settings."""

    corpora: list[str]
    aligners: list[AlignerChoice]
    methods: list[MethodChoice]
    sizes: list[int] = field(default_factory=lambda: [0])
    seeds: list[int] = field(default_factory=lambda: [0])
    source_labels: list[str] = field(default_factory=lambda: ["gold"])
    parallel: list[str] = field(default_factory=list)
    types: list[str] | None = None
    name: str = ""


@dataclass
class SweepConfig:
    """A whole sweep: named parallel sources, studies, and where data comes from."""

    name: str
    studies: list[Study]
    parallel_sources: dict[str, str] = field(default_factory=dict)
    store_alignments: str = "first-seed"
    data_dir: str | None = None
    plugins: tuple[str, ...] = ()
    """Modules imported in every worker before it runs (they register extra components)."""


STUDY_KEYS = {"name", "corpora", "aligners", "methods", "sizes", "seeds", "source_labels", "parallel", "types", "solvers"}
TOP_KEYS = {"name", "studies", "parallel", "store_alignments", "data_dir", "defaults", "plugins"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _registry_options(registry: Any, spec: str) -> dict[str, str]:
    """The options a registered component declares (empty when the spec is not registered)."""
    return registry.entry(spec)[0].options if spec in registry else {}


def parse_study(raw: Mapping[str, Any], defaults: Mapping[str, Any], where: str) -> Study:
    """A study from its mapping, with missing keys taken from ``defaults``."""
    from .align import ALIGNERS
    from .project import PROJECTORS

    merged = {**defaults, **raw}
    unknown = set(merged) - STUDY_KEYS
    if unknown:
        raise XprojError(Errors.E016, path=where, option=sorted(unknown)[0], detail=f"known keys: {', '.join(sorted(STUDY_KEYS))}")
    for key in ("corpora", "aligners", "methods"):
        if not merged.get(key):
            raise XprojError(Errors.E012, path=where, field=key)
    aligners = []
    for value in _as_list(merged["aligners"]):
        component = Component.parse(value, where)
        declared = "n_extra" in _registry_options(ALIGNERS, component.spec)
        uses_n = value.get("uses_n", declared) if isinstance(value, Mapping) else declared
        prefix = uses_n if isinstance(uses_n, str) else ""
        aligners.append(AlignerChoice(component, bool(uses_n), prefix))
    default_solvers = [str(s) for s in _as_list(merged.get("solvers"))]
    methods = []
    for value in _as_list(merged["methods"]):
        component = Component.parse(value, where)
        takes_solver = "solver" in _registry_options(PROJECTORS, component.spec)
        solvers = value.get("solvers") if isinstance(value, Mapping) else None
        if solvers is None:
            solvers = default_solvers if takes_solver and default_solvers else ["-"]
        needs = bool(value.get("alignment", True)) if isinstance(value, Mapping) else True
        methods.append(MethodChoice(component, tuple(str(s) for s in _as_list(solvers)), needs))
    return Study(
        corpora=[str(c) for c in _as_list(merged["corpora"])],
        aligners=aligners,
        methods=methods,
        sizes=[int(n) for n in _as_list(merged.get("sizes", [0]))],
        seeds=[int(s) for s in _as_list(merged.get("seeds", [0]))],
        source_labels=[str(s) for s in _as_list(merged.get("source_labels", ["gold"]))],
        parallel=[str(p) for p in _as_list(merged.get("parallel"))],
        types=[str(t) for t in _as_list(merged["types"])] if merged.get("types") else None,
        name=str(merged.get("name", "")),
    )


def parse_config(raw: Mapping[str, Any], where: str = "<config>") -> SweepConfig:
    """A :class:`SweepConfig` from the YAML mapping (see the module docstring)."""
    if not isinstance(raw, Mapping):
        raise XprojError(Errors.E009, path=where, detail="a sweep config is a YAML mapping")
    plugins = tuple(str(m) for m in _as_list(raw.get("plugins")))
    import_plugins(plugins)
    unknown = set(raw) - TOP_KEYS - STUDY_KEYS
    if unknown:
        raise XprojError(Errors.E016, path=where, option=sorted(unknown)[0], detail=f"known keys: {', '.join(sorted(TOP_KEYS | STUDY_KEYS))}")
    sources = {str(k): str(v) for k, v in (raw.get("parallel") if isinstance(raw.get("parallel"), Mapping) else {}).items()}
    defaults = {k: v for k, v in raw.items() if k in STUDY_KEYS and k not in {"name", "parallel"}}
    defaults.update(raw.get("defaults") or {})
    studies_raw = raw.get("studies") or [{k: v for k, v in raw.items() if k in STUDY_KEYS and k != "name"}]
    studies = [parse_study(s, defaults, where) for s in studies_raw]
    for study in studies:
        missing = [p for p in study.parallel if p not in sources]
        if missing:
            raise XprojError(Errors.E700, path=where, name=missing[0], known=", ".join(sources) or "none")
    policy = str(raw.get("store_alignments", "first-seed"))
    if policy not in ALIGNMENT_POLICIES:
        raise XprojError(Errors.E016, path=where, option=f"store_alignments: {policy}", detail=f"one of {', '.join(ALIGNMENT_POLICIES)}")
    return SweepConfig(str(raw.get("name", Path(where).stem)), studies, sources, policy, raw.get("data_dir"), plugins)


def load_config(path: str | Path) -> SweepConfig:
    """Read a YAML sweep config."""
    from .io.text import read_text

    try:
        raw = yaml.safe_load(read_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise XprojError(Errors.E009, path=path, line=mark.line + 1 if mark else None, detail=str(error).splitlines()[0]) from error
    return parse_config(raw, str(path))


# ------------------------------------------------------------------------------------------ cells
@dataclass(frozen=True)
class Cell:
    """One evaluation: everything its result depends on except the data itself."""

    corpus: str
    aligner: str
    method: Component
    solver: str
    n: int
    seed: int
    source_labels: str
    parallel: str
    types: tuple[str, ...] | None

    def signature(self, pair: str, data: str) -> Signature:
        return Signature(
            corpus=self.corpus, pair=pair, n=self.n, aligner=self.aligner, method=self.method.label,
            solver=self.solver, seed=self.seed, source_labels=self.source_labels,
            types=",".join(self.types) if self.types else "all", parallel=self.parallel, data_hash=data,
        )


@dataclass(frozen=True)
class Group:
    """Cells sharing one alignment: computed once, in one worker, for all of them."""

    corpus: str
    aligner: AlignerChoice | None
    parallel: str
    parallel_spec: str | None
    n: int
    seed: int
    cells: tuple[Cell, ...]
    store_alignments: bool = False
    data_dir: str | None = None
    plugins: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.corpus, self.aligner, self.parallel, self.n, self.seed)


def _draws(study: Study, aligner: AlignerChoice | None) -> list[tuple[str, int, int]]:
    """(parallel source, N, seed) settings an aligner is run with."""
    if aligner is None or not aligner.uses_n:
        return [("-", 0, min(study.seeds))]
    if not study.parallel:
        return [("-", 0, seed) for seed in study.seeds]
    return list(itertools.product(study.parallel, study.sizes, study.seeds))


def expand(config: SweepConfig) -> list[Group]:
    """The sweep's groups of cells, each cell once, in a stable order: study by study, and within a study
    seed by seed (the first seed over every N and aligner first), so a partial sweep already has whole
    curves and later seeds add error bars."""
    groups: dict[tuple[Any, ...], Group] = {}
    rank: dict[tuple[Any, ...], tuple[int, int]] = {}
    for study_index, study in enumerate(config.studies):
        first_seed = min(study.seeds)
        types = tuple(study.types) if study.types else None
        for corpus, method in itertools.product(study.corpora, study.methods):
            aligners: list[AlignerChoice | None] = list(study.aligners) if method.needs_alignment else [None]
            for aligner in aligners:
                for (parallel, n, seed), solver, labels in itertools.product(_draws(study, aligner), method.solvers, study.source_labels):
                    cell = Cell(corpus, aligner.component.label if aligner else NO_ALIGNER, method.component, solver, n, seed, labels, parallel, types)
                    group = Group(
                        corpus, aligner, parallel, config.parallel_sources.get(parallel), n, seed, (),
                        config.store_alignments == "all" or (config.store_alignments == "first-seed" and seed == first_seed),
                        config.data_dir, config.plugins,
                    )
                    rank.setdefault(group.key, (study_index, study.seeds.index(seed) if seed in study.seeds else 0))
                    existing = groups.setdefault(group.key, group)
                    if cell not in existing.cells:
                        groups[group.key] = replace(existing, cells=existing.cells + (cell,))
    return sorted(groups.values(), key=lambda g: rank[g.key])


# ------------------------------------------------------------------------------------------ running one group
@dataclass
class CellOutcome:
    """What a worker returns for one cell: its result, or the error that stopped it."""

    cell: Cell
    result: CellResult | None = None
    error: str | None = None
    alignments: list[Alignment] | None = None
    alignment_key: str | None = None


@lru_cache(maxsize=16)
def _corpus(spec: str, data_dir: str | None) -> Corpus:
    from .datasets import load_corpus

    return load_corpus(spec, data_dir=data_dir)


def expand_spec(spec: str) -> str:
    """``${cache}`` and ``${repo}`` in a spec (e.g. ``imported:${cache}/demo/links.pharaoh``) made absolute;
    signatures keep the unexpanded spec, so they do not depend on where the repository lives."""
    from string import Template

    from .store import REPO_ROOT, cache_dir

    return Template(spec).safe_substitute(cache=str(cache_dir()), repo=str(REPO_ROOT))


@lru_cache(maxsize=8)
def _component(kind: str, spec: str, options: tuple[tuple[str, Any], ...]) -> Any:
    """A registry component, built once per process (models load once)."""
    from .align import ALIGNERS
    from .models import NER_TAGGERS
    from .project import PROJECTORS

    registry = {"aligner": ALIGNERS, "projector": PROJECTORS, "tagger": NER_TAGGERS}[kind]
    built = dict(options)
    if kind == "projector" and isinstance(built.get("tagger"), str):  # a target-side tagger given by its spec
        built["tagger"] = _component("tagger", built["tagger"], ())
    return registry.create(expand_spec(spec), **built)


@lru_cache(maxsize=8)
def _source_spans(corpus_spec: str, labels: str, data_dir: str | None) -> tuple[tuple[Span, ...], ...]:
    """Source spans per sentence: the corpus's gold tags, or a tagger's output."""
    from .tags import tags_to_spans

    corpus = _corpus(corpus_spec, data_dir)
    if labels == "gold":
        return tuple(tuple(p.src_spans) for p in corpus)
    tagger = _component("tagger", labels, ())
    return tuple(tuple(tags_to_spans(tags)) for tags in tagger.tag([p.src_tokens for p in corpus]))


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

    def __enter__(self) -> "MemoryPeak":
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


def evaluate(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], types: Iterable[str] | None = None) -> tuple[dict[str, dict[str, float]], list[dict[str, int]], list[float]]:
    """Metrics (``overall`` and per type), per-sentence category counts and per-sentence F1."""
    from .evaluate.categories import categorize_corpus
    from .evaluate.spans import span_scores

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

    MEMO: "OrderedDict[tuple[str, str], list[Alignment]]" = OrderedDict()
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


def _align(group: Group, corpus: Corpus, progress: bool) -> tuple[list[Alignment], str, float]:
    """The group's alignments, the aligner's own signature, and the seconds they took."""
    from .align import ALIGNERS

    assert group.aligner is not None
    start = time.perf_counter()
    with ALIGNERS.wrapping(MemoAligner):
        aligner = _build_aligner(group)
        alignments = aligner.align(corpus.pairs, progress=progress)
    return alignments, aligner.signature(), time.perf_counter() - start


def _build_aligner(group: Group) -> Any:
    """A data-hungry aligner is built for its draw (N, seed, parallel source); others once per process."""
    assert group.aligner is not None
    component = group.aligner.component
    if group.aligner.uses_n:
        from .align import ALIGNERS

        draw: dict[str, Any] = {"n_extra": group.n, "seed": group.seed}
        if group.parallel_spec:
            draw["extra"] = group.parallel_spec
        prefix = group.aligner.prefix
        return ALIGNERS.create(expand_spec(component.spec), **dict(component.options), **{prefix + k: v for k, v in draw.items()})
    return _component("aligner", component.spec, component.options)


def iter_group(group: Group, progress: bool = False) -> Iterator[CellOutcome]:
    """Run a group's cells one after the other, yielding each outcome as soon as it is known."""
    from .project import ProjectionInput
    from .tags import filter_types

    timings: dict[str, float] = {}
    try:
        with _timed(timings, "load"):
            corpus = _corpus(group.corpus, group.data_dir)
        with MemoryPeak() as memory:
            alignments, aligner_signature, align_seconds = ([None] * len(corpus), "-", 0.0) if group.aligner is None else _align(group, corpus, progress)
        align_peak = memory.peak_mb
    except Exception as error:  # noqa: BLE001 - reported per cell, the sweep goes on
        for cell in group.cells:
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
        return
    pair = f"{corpus[0].src_lang}-{corpus[0].tgt_lang}" if len(corpus) else "-"
    digest = data_hash(corpus.pairs)
    gold = [p.tgt_spans for p in corpus]
    for index, cell in enumerate(group.cells):
        cell_timings = {"load": timings["load"], "align": round(align_seconds, 4)}
        try:
            with MemoryPeak() as memory:
                with _timed(cell_timings, "labels"):
                    source = _source_spans(cell.corpus, cell.source_labels, group.data_dir)
                projector = _component("projector", cell.method.spec, cell.method.options + ((("solver", cell.solver),) if cell.solver != "-" else ()))
                items = [ProjectionInput(p, filter_types(s, cell.types), a) for p, s, a in zip(corpus, source, alignments)]
                with _timed(cell_timings, "project"):
                    predicted = projector.project(items, progress=progress)
                with _timed(cell_timings, "evaluate"):
                    metrics, categories, sentence_f1 = evaluate(gold, predicted, cell.types)
            result = CellResult(
                signature=cell.signature(pair, digest),
                settings={
                    "aligner_signature": aligner_signature, "projector_signature": projector.signature(),
                    "parallel_spec": group.parallel_spec, "align_shared_by": len(group.cells),
                    "n_sentences": len(corpus),
                },
                metrics=metrics, predictions=[list(p) for p in predicted], categories=categories,
                sentence_f1=sentence_f1, timings=cell_timings, peak_memory_mb=round(max(align_peak, memory.peak_mb), 1),
            )
        except Exception as error:  # noqa: BLE001
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
            continue
        keep = group.store_alignments and group.aligner is not None and index == 0
        yield CellOutcome(
            cell, result,
            alignments=list(alignments) if keep else None,
            alignment_key=Store.alignment_key(cell.aligner, group.parallel, group.n, group.seed) if keep else None,
        )


def import_plugins(modules: Iterable[str]) -> None:
    """Import modules that register extra components (a fresh worker process needs them too)."""
    import importlib

    for module in modules:
        importlib.import_module(module)


def run_group(group: Group) -> list[CellOutcome]:
    """A whole group at once: the task a worker process or a Ray task runs."""
    import_plugins(group.plugins)
    return list(iter_group(group))


# ------------------------------------------------------------------------------------------ the sweep
@dataclass
class SweepReport:
    """What a sweep did."""

    total: int
    skipped: int = 0
    written: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "skipped": self.skipped, "written": self.written,
            "failed": [{"cell": c, "error": e} for c, e in self.failed],
            "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
        }


@dataclass(frozen=True)
class PlannedCell:
    """A cell with its signature and whether the cache already holds it."""

    cell: Cell
    signature: Signature
    done: bool


def plan(config: SweepConfig, store: Store) -> tuple[list[Group], list[PlannedCell]]:
    """Expand a config, store its corpora in the cache, and sign every cell (done or not)."""
    groups = expand(config)
    stored = {row["name"]: row["data"] for row in store.corpora()}
    signed: dict[str, tuple[str, str]] = {}
    for spec in dict.fromkeys(g.corpus for g in groups):
        corpus = _corpus(spec, config.data_dir)
        digest = data_hash(corpus.pairs)
        if stored.get(spec) != digest:
            store.put_corpus(replace(corpus, name=spec))
        signed[spec] = (f"{corpus[0].src_lang}-{corpus[0].tgt_lang}" if len(corpus) else "-", digest)
    finished = store.cell_signatures()
    planned = []
    for group in groups:
        for cell in group.cells:
            signature = cell.signature(*signed[cell.corpus])
            planned.append(PlannedCell(cell, signature, str(signature) in finished))
    return groups, planned


def _local_results(groups: Sequence[Group], workers: int, show_inner: bool) -> Iterator[CellOutcome]:
    if workers <= 1:
        for group in groups:
            yield from iter_group(group, progress=show_inner)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[list[CellOutcome]]] = {pool.submit(run_group, g) for g in groups}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        finally:
            for future in pending:
                future.cancel()


def _ray_results(groups: Sequence[Group], address: str | None) -> Iterator[CellOutcome]:
    """Run groups as Ray tasks (a cluster at ``address``, else a local one; an initialised Ray is reused)."""
    try:
        import ray
    except ImportError as error:
        raise XprojError(Errors.E017, what="the Ray executor", detail="install the extra: pip install 'xproj[ray]' (or -r requirements-ray.txt)") from error
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    task = ray.remote(run_group)
    pending = [task.remote(g) for g in groups]
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield from ray.get(done[0])
    finally:
        for ref in pending:
            ray.cancel(ref)
        if started:
            ray.shutdown()


def run_sweep(
    config: SweepConfig,
    store: Store,
    *,
    workers: int = 1,
    executor: str = "local",
    address: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    show_progress: bool = True,
) -> SweepReport:
    """Run every unfinished cell (all with ``force``), writing each to ``store`` as it finishes."""
    from tqdm import tqdm

    start = time.perf_counter()
    groups, planned = plan(config, store)
    todo_cells = {p.cell for p in planned if force or not p.done}
    todo = [replace(g, cells=tuple(c for c in g.cells if c in todo_cells)) for g in groups]
    todo = [g for g in todo if g.cells]
    report = SweepReport(total=len(planned), skipped=len(planned) - len(todo_cells))
    if executor == "ray":
        outcomes = _ray_results(todo, address)
    elif executor == "local":
        outcomes = _local_results(todo, workers, show_progress)
    else:
        raise XprojError(Errors.E016, option=f"--executor {executor}", detail="one of local, ray")
    bar = tqdm(total=len(todo_cells), desc=f"sweep {config.name}", unit="cell", disable=not show_progress)
    if progress:
        progress(0.0, f"{len(todo_cells)} of {len(planned)} cells to run")
    try:
        for outcome in outcomes:
            _record(store, outcome, report)
            bar.update(1)
            if progress:
                progress((report.written + len(report.failed)) / max(len(todo_cells), 1), describe(outcome.cell))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()
        report.seconds = time.perf_counter() - start
    return report


def _record(store: Store, outcome: CellOutcome, report: SweepReport) -> None:
    """Write one outcome (alignments first, so a written cell always has them)."""
    if outcome.result is None:
        report.failed.append((describe(outcome.cell), outcome.error or "unknown error"))
        return
    if outcome.alignments is not None and outcome.alignment_key:
        store.put_alignments(outcome.alignment_key, outcome.cell.corpus, outcome.alignments)
    store.write_cell(outcome.result)
    report.written += 1


def describe(cell: Cell) -> str:
    solver = "" if cell.solver == "-" else f"/{cell.solver}"
    draw = "" if cell.parallel == "-" else f" {cell.parallel} N={cell.n} seed={cell.seed}"
    return f"{cell.corpus} {cell.aligner} {cell.method.label}{solver} labels={cell.source_labels}{draw}"


# ------------------------------------------------------------------------------------------ the demo
DEMO_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "demo.yaml"


ACCALIGN_LINKS = "demo/accalign-bam.pharaoh"
"""Under the cache folder: the published AccAlign links of bam-translate-test, for ``imported:``."""


def export_accalign(path: Path) -> Path:
    """Write the AccAlign links the Bambara translate-test corpus carries as a Pharaoh file (one line per pair)."""
    from .datasets import load_corpus
    from .io.atomic import atomic_write
    from .io.links import corpus_alignments
    from .io.pharaoh import format_links

    with atomic_write(path) as handle:
        for sure, possible in corpus_alignments(load_corpus("bam-translate-test")):
            handle.write(format_links(sure, possible) + "\n")
    return path


def build_demo(store: Store, progress: Progress | None = None, workers: int = 1, force: bool = False, show_progress: bool = False) -> SweepReport:
    """Run the demo sweep (configs/demo.yaml) into ``store``; ``progress(fraction, message)`` after each cell.

    Resumable like any sweep: cells already in the cache are skipped."""
    export_accalign(cache_dir() / ACCALIGN_LINKS)
    return run_sweep(load_config(DEMO_CONFIG), store, workers=workers, force=force, progress=progress, show_progress=show_progress)
