"""The sweep's vocabulary: components, studies, configs, cells, groups and what running them gives.

Only data classes live here (no I/O, no registry lookups), so every other module of the package, and
code outside it, can share them: :mod:`.config` builds them from YAML, :mod:`.plan` turns a config into
cells and groups, :mod:`.worker` runs a group, :mod:`.executors` hands groups to processes or Ray.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Errors, XprojError
from ..signature import Signature, data_hash
from ..store import CellResult
from ..types import Alignment, Corpus, Span

SourceSpans = tuple[tuple[Span, ...], ...]
"""Source spans per sentence of a corpus."""
Progress = Callable[[float, str], None]
"""``progress(fraction_done, message)``, as the app's first-start callback takes it."""

ALIGNMENT_POLICIES = ("none", "first-seed", "all")
KINDS = ("projection", "tagger")
"""A projection study scores projected spans; a tagger study trains a target tagger on them (see :mod:`.tagger`)."""
TRAINING_MODES = ("head", "head+en", "full", "full+en")
"""head: frozen encoder + trained head; full: fine-tuned encoder; +en: the English training data
(CoNLL-2003 train) is added to the silver data."""
ENGLISH_TRAIN = "conll2003-en:train"
BASELINES = ("zero-shot", "gold")
ROLES = ("projected", "alignment")
NO_TRAINING = "-"
SLICE_FIELDS = ("corpus", "aligner", "method", "solver", "n", "seed", "labels", "parallel", "training")
NO_ALIGNER = "-"
NO_SOLVER = "-"
NO_PARALLEL = "-"


def slice_matches(own: str, wanted: str) -> bool:
    """Whether a cell's field value ``own`` is the ``--only`` value ``wanted``: equal, or a component label
    that starts with it followed by ``(`` (``eflomal`` matches ``eflomal(n_samplers=1)``)."""
    return own == wanted or own.startswith(wanted + "(")


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
    def parse(cls, value: str | Mapping[str, Any], where: str) -> Component:
        """``"spec"`` or ``{spec: ..., options: {...}}`` (other keys are the caller's)."""
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
    """An aligner of a study.

    ``draws_parallel``: the aligner is built per draw with ``n_extra=N``, ``seed`` and ``extra=<the named
    parallel source>`` (eflomal); otherwise N, the seed and the source are ignored and it runs once.
    ``draw_prefix`` routes the draw to an inner aligner of a composite one: with ``b.``,
    ``fused:e5+eflomal`` gets ``b.n_extra``, ``b.seed`` and ``b.extra``."""

    component: Component
    draws_parallel: bool
    draw_prefix: str = ""


@dataclass(frozen=True)
class MethodChoice:
    """A projection method with the solvers to try (``-`` for a method without one)."""

    component: Component
    solvers: tuple[str, ...] = (NO_SOLVER,)
    needs_alignment: bool = True


@dataclass
class Study:
    """One cross product of settings."""

    corpora: list[str]
    aligners: list[AlignerChoice]
    methods: list[MethodChoice]
    sizes: list[int] = field(default_factory=lambda: [0])
    seeds: list[int] = field(default_factory=lambda: [0])
    source_labels: list[Component] = field(default_factory=lambda: [Component("gold")])
    parallel: list[str] = field(default_factory=list)
    types: list[str] | None = None
    name: str = ""
    kind: str = "projection"
    training: list[str] = field(default_factory=lambda: ["head"])
    """Tagger studies: how the tagger is trained (``head``: frozen encoder; ``full``: fine-tuned)."""
    baselines: list[str] = field(default_factory=list)
    """Tagger studies: ``zero-shot`` (the English labeller on the target), ``gold`` (trained on gold train)."""
    role: str = "projected"
    """Tagger studies: ``projected`` (the N pairs are projected and trained on) or ``alignment`` (the N pairs
    only train the aligner; the fixed corpus ``labelled`` is projected)."""
    labelled: str | None = None
    select_on: dict[str, str] = field(default_factory=dict)
    """Tagger studies: corpus → the gold dev set each cell is also scored on (to choose settings on)."""
    largest: int | None = None
    """The N that the sizes ``matched``/``all`` resolved to, when the study asks for one of them."""


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
    workers: int = 1
    """Local worker processes when the command line does not say (``workers:`` in the YAML)."""
    only: tuple[tuple[str, str], ...] = ()
    """A slice of the grid (``xproj sweep --only FIELD=VALUE``): a cell is kept when, for every field named,
    it matches one of that field's values (see :meth:`Cell.matches`)."""


@dataclass(frozen=True)
class Cell:
    """One evaluation: everything its result depends on except the data itself.

    ``source_labels`` is ``gold`` (the corpus's source tags) or an ``NER_TAGGERS`` component."""

    corpus: str
    aligner: str
    method: Component
    solver: str
    n: int
    seed: int
    source_labels: Component
    parallel: str
    types: tuple[str, ...] | None
    training: str = NO_TRAINING
    """``-`` for a projection cell; a tagger cell's mode, ``MODE/labelled=SPEC`` in the alignment role, or
    a baseline (``zero-shot``, ``gold:MODE``)."""

    @property
    def trains_tagger(self) -> bool:
        return self.training != NO_TRAINING

    def field_value(self, name: str) -> str:
        """A field as ``--only`` compares it (components by label)."""
        value = {"method": self.method.label, "labels": self.source_labels.label}.get(name)
        return str(getattr(self, name)) if value is None else value

    def matches(self, only: tuple[tuple[str, str], ...]) -> bool:
        """Whether the cell is in the slice ``only``: per field, its value equals one given, or (aligner,
        method, labels) starts with one given followed by ``(`` — ``eflomal`` matches ``eflomal(n_samplers=1)``."""
        wanted: dict[str, list[str]] = {}
        for name, value in only:
            wanted.setdefault(name, []).append(value)
        for name, values in wanted.items():
            own = self.field_value(name)
            if not any(slice_matches(own, v) for v in values):
                return False
        return True

    def signature(self, pair: str, data: str) -> Signature:
        if self.trains_tagger and pair.startswith("-"):  # a target-only gold set: the source is English
            pair = "en" + pair
        return Signature(
            corpus=self.corpus,
            pair=pair,
            n=self.n,
            aligner=self.aligner,
            method=self.method.label,
            solver=self.solver,
            seed=self.seed,
            source_labels=self.source_labels.label,
            types=",".join(self.types) if self.types else "all",
            parallel=self.parallel,
            training=self.training,
            data_hash=data,
        )

    def describe(self) -> str:
        """One line for progress bars and error reports."""
        solver = "" if self.solver == NO_SOLVER else f"/{self.solver}"
        draw = "" if self.parallel == NO_PARALLEL else f" {self.parallel} N={self.n} seed={self.seed}"
        trained = f" training={self.training}" if self.trains_tagger else ""
        return (
            f"{self.corpus} {self.aligner} {self.method.label}{solver} labels={self.source_labels.label}{draw}{trained}"
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
    labelled: tuple[tuple[Component, SourceSpans, float], ...] = ()
    """Source spans the parent computed (tagger labels shared by every group of the corpus), with the
    seconds the tagging took."""
    projected: str | None = None
    """Tagger groups of the alignment role: the fixed corpus projected (the draw only trains the aligner)."""
    select_on: str | None = None
    """Tagger groups: the gold dev set the trained taggers are also scored on."""

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.corpus, self.aligner, self.parallel, self.n, self.seed, self.projected)

    @property
    def trains_taggers(self) -> bool:
        return any(cell.trains_tagger for cell in self.cells)


@dataclass(frozen=True)
class PlannedCell:
    """A cell with its signature and whether the cache already holds it."""

    cell: Cell
    signature: Signature
    done: bool


@dataclass
class CellOutcome:
    """What a worker returns for one cell: its result, or the error that stopped it."""

    cell: Cell
    result: CellResult | None = None
    error: str | None = None
    alignments: list[Alignment] | None = None
    alignment_key: str | None = None


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
            "total": self.total,
            "skipped": self.skipped,
            "written": self.written,
            "failed": [{"cell": c, "error": e} for c, e in self.failed],
            "seconds": round(self.seconds, 2),
            "interrupted": self.interrupted,
        }


def corpus_identity(corpus: Corpus) -> tuple[str, str]:
    """The language pair and the content hash a cell's signature takes from its corpus."""
    pair = f"{corpus[0].src_lang}-{corpus[0].tgt_lang}" if len(corpus) else "-"
    return pair, data_hash(corpus.pairs)
