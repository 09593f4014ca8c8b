"""Queries the app (and the CLI) make over the cache: which methods are cached for a corpus, a
per-sentence index to filter and sort on, review status from the corrections log, and pagination.

Nothing here draws anything; the app package ``xproj_app`` turns the results into HTML and figures.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .errors import Errors, XprojError, check_choice
from .names import aligner_alias, method_alias
from .silver_cache import confidence_parts
from .store import Store
from .types import SentencePair, Span

CATEGORIES = ("missed", "spurious", "wrong_type", "wrong_boundary")
"""The error categories a sentence can be filtered on (``correct`` is not an error)."""
SORTS = ("index", "disagreement", "confidence", "f1", "sentence_confidence")
Review = Literal["any", "reviewed", "unreviewed", "skipped"]


@dataclass(frozen=True)
class CachedProjection:
    """One cached evaluation cell: the projection of a corpus by ``aligner`` + ``method`` at N extra
    sentences and one seed, as the app and ``xproj export --method`` choose it."""

    signature: str
    aligner: str
    method: str
    n: int = 0
    seed: int = 0
    solver: str = "-"
    parallel: str = "-"
    source_labels: str = "gold"
    training: str = "-"
    """``-`` for a projection; otherwise the spans are a trained tagger's (a tagger cell of the sweep)."""

    @property
    def label(self) -> str:
        """Short human name, e.g. ``AccAlign (imported) · ilp-align (exact)`` or ``eflomal · heuristic · nllb-seed
        · N=1000``; a trained tagger's cell starts with ``tagger (MODE)`` (aliases from :mod:`xproj_core.names`;
        :attr:`spec` is the full description)."""
        if self.training == "zero-shot":
            return f"zero-shot {self.source_labels}"
        if self.training.startswith("gold:"):
            return f"tagger ({self.training.removeprefix('gold:')}) trained on gold · N={self.n} · seed {self.seed}"
        parts = [aligner_alias(self.aligner), method_alias(self.method, self.solver)]
        if self.training != "-":
            parts.insert(0, f"tagger ({self.training})")
        if self.source_labels != "gold":
            parts.append(f"{self.source_labels} labels")
        if self.parallel != "-":
            parts.append(self.parallel)
        if self.n:
            parts.append(f"N={self.n}")
        if self.seed:
            parts.append(f"seed {self.seed}")
        return " · ".join(parts)

    @property
    def spec(self) -> str:
        """The full description the label abbreviates: every setting, specs verbatim."""
        return (
            f"aligner {self.aligner} · method {self.method} · solver {self.solver} · labels {self.source_labels}"
            f" · parallel {self.parallel} · N={self.n} · seed {self.seed} · training {self.training}"
        )


def corpus_methods(store: Store, corpus: str) -> list[CachedProjection]:
    """Every cached cell of a corpus as a :class:`CachedProjection`, ordered by aligner, method, N, seed."""
    rows = store.cells(corpus=corpus)
    methods = [
        CachedProjection(
            r["signature"],
            r["aligner"],
            r["method"],
            int(r["n"]),
            int(r["seed"]),
            r["solver"],
            r.get("parallel") or "-",
            r.get("source_labels") or "gold",
            r.get("training") or "-",
        )
        for r in rows
    ]
    return sorted(methods, key=lambda m: (*_series(m), m.n, m.seed))


def _series(m: CachedProjection) -> tuple[str, ...]:
    """What identifies one curve of a study: everything but N and the seed."""
    return (m.aligner, m.method, m.solver, m.parallel, m.source_labels, m.training)


def choose_methods(
    store: Store,
    corpus: str,
    n: int | None = None,
    aligners: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
) -> list[CachedProjection]:
    """One cell per series (aligner, method, solver, parallel source, source labels): the largest cached N
    not above ``n`` (None: the largest), lowest seed. Aligners that ignore N are cached at N=0 only and
    match any N."""
    wanted_aligners = None if aligners is None else set(aligners)
    wanted_methods = None if methods is None else set(methods)
    chosen: list[CachedProjection] = []
    cells = corpus_methods(store, corpus)
    for _, group in itertools.groupby(cells, key=_series):
        group = list(group)
        first = group[0]
        if wanted_aligners is not None and first.aligner not in wanted_aligners:
            continue
        if wanted_methods is not None and first.method not in wanted_methods:
            continue
        fitting = [m for m in group if n is None or m.n <= n] or group
        best_n = max(m.n for m in fitting)
        chosen.append(min((m for m in fitting if m.n == best_n), key=lambda m: m.seed))
    return chosen


def resolve_method(store: Store, corpus: str, text: str) -> CachedProjection:
    """A method named by its full signature or by ``aligner/method`` (optionally ``/N``), e.g. ``e5/heuristic``."""
    cells = corpus_methods(store, corpus)
    exact = [m for m in cells if m.signature == text]
    if exact:
        return exact[0]
    parts = text.split("/")
    if len(parts) in (2, 3):
        n = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
        found = choose_methods(store, corpus, n=n, aligners=[parts[0]], methods=[parts[1]])
        if len(found) == 1:
            return found[0]
    known = sorted({f"{m.aligner}/{m.method}" for m in cells}) or ["(none cached)"]
    raise XprojError(Errors.E010, kind=f"method for {corpus}", name=text, known=", ".join(known))


# ------------------------------------------------------------------------------------------ index
def span_keys(spans: Iterable[Span]) -> frozenset[tuple[int, int, str]]:
    return frozenset(s.key for s in spans)


def disagreement(span_sets: Sequence[Iterable[Span]]) -> float:
    """1 − mean pairwise Jaccard similarity of the methods' span sets (0: all agree; two empty sets agree)."""
    keys = [span_keys(s) for s in span_sets]
    pairs = list(itertools.combinations(keys, 2))
    if not pairs:
        return 0.0
    similarity = [len(a & b) / len(a | b) if a | b else 1.0 for a, b in pairs]
    return 1.0 - sum(similarity) / len(similarity)


def sentence_index(store: Store, corpus: str, methods: Sequence[CachedProjection]) -> pd.DataFrame:
    """One row per sentence: ``idx``, ``types`` (all entity types seen), ``gold`` (has target gold),
    ``disagreement``, ``min_confidence`` (lowest projected span score, NaN without spans),
    ``sentence_confidence`` (of a silver corpus, else NaN), ``f1`` (mean over methods with gold), and per
    method position ``k``: ``f1_k`` and one count column ``{category}_k`` per error category."""
    pairs = store.sentences(corpus)
    predictions = [store.predictions(m.signature) for m in methods]
    rows = []
    for idx, pair in enumerate(pairs):
        per_method = [p.get(idx, {"spans": [], "categories": {}, "f1": None}) for p in predictions]
        spans = [p["spans"] for p in per_method]
        scores = [s.score for group in spans for s in group]
        f1s = [p["f1"] for p in per_method if p["f1"] is not None]
        parts = confidence_parts(pair)
        row = {
            "idx": idx,
            "types": ",".join(
                sorted({s.label for s in pair.src_spans + pair.tgt_spans + [s for g in spans for s in g]})
            ),
            "gold": pair.tgt_tags is not None,
            "disagreement": disagreement(spans),
            "min_confidence": min(scores) if scores else math.nan,
            "sentence_confidence": parts["confidence"] if parts else math.nan,
            "f1": sum(f1s) / len(f1s) if f1s else math.nan,
        }
        for k, p in enumerate(per_method):
            row[f"f1_{k}"] = math.nan if p["f1"] is None else p["f1"]
            for category in CATEGORIES:
                row[f"{category}_{k}"] = int(p["categories"].get(category, 0))
        rows.append(row)
    columns = ["idx", "types", "gold", "disagreement", "min_confidence", "sentence_confidence", "f1"]
    return pd.DataFrame(rows, columns=columns + [c for c in (rows[0] if rows else {}) if c not in columns])


def review_status(store: Store, corpus: str) -> dict[int, str]:
    """idx → ``reviewed`` / ``edited`` / ``skipped`` for every sentence with live correction events."""
    status = {}
    for idx in store.corrected_indices(corpus):
        state = store.correction_state(corpus, idx)
        if state.reviewed:
            status[idx] = "reviewed"
        elif state.skipped:
            status[idx] = "skipped"
        elif state.spans is not None:
            status[idx] = "edited"
    return status


@dataclass(frozen=True)
class Filters:
    """What the sentence list shows and in which order."""

    category: str | None = None
    """Only sentences with at least one span of this error category…"""
    category_method: int | None = None
    """…for this method position (None: for any method)."""
    entity_type: str | None = None
    disagree: bool = False
    low_confidence: float | None = None
    """Only sentences with a projected span scored below this."""
    low_sentence_confidence: float | None = None
    """Only sentences of a silver corpus whose confidence is below this."""
    review: Review = "any"
    sort: str = "index"
    descending: bool = False


def filter_sentences(index: pd.DataFrame, filters: Filters, status: dict[int, str] | None = None) -> list[int]:
    """Sentence indices passing ``filters``, in the requested order."""
    frame = index
    if filters.category:
        check_choice("category", filters.category, CATEGORIES)
        columns = [c for c in frame.columns if c.startswith(f"{filters.category}_")]
        if filters.category_method is not None:
            columns = [f"{filters.category}_{filters.category_method}"]
        frame = frame[frame[columns].sum(axis=1) > 0] if columns else frame.iloc[0:0]
    if filters.entity_type:
        frame = frame[frame["types"].str.split(",").apply(lambda types: filters.entity_type in types)]
    if filters.disagree:
        frame = frame[frame["disagreement"] > 0]
    if filters.low_confidence is not None:
        frame = frame[frame["min_confidence"] < filters.low_confidence]
    if filters.low_sentence_confidence is not None:
        frame = frame[frame["sentence_confidence"] < filters.low_sentence_confidence]
    if filters.review != "any":
        status = status or {}
        if filters.review == "unreviewed":
            keep = frame["idx"].map(lambda i: status.get(i) != "reviewed")
        else:
            keep = frame["idx"].map(lambda i: status.get(i) == filters.review)
        frame = frame[keep]
    column = {"index": "idx", "confidence": "min_confidence", "sentence_confidence": "sentence_confidence"}
    check_choice("sort", filters.sort, SORTS)
    # Natural directions: most disagreement and lowest confidence / F1 first unless reversed.
    ascending = filters.sort != "disagreement"
    if filters.descending:
        ascending = not ascending
    frame = frame.sort_values(
        [column.get(filters.sort, filters.sort), "idx"], ascending=[ascending, True], na_position="last", kind="stable"
    )
    return [int(i) for i in frame["idx"]]


@dataclass(frozen=True)
class Triage:
    """What can drive the triage of a corpus's sentences (the Sentences page offers only these)."""

    categories: tuple[str, ...]
    """Error categories: only with target gold."""
    sorts: tuple[str, ...]
    """Sort orders, the default first."""
    silver: bool
    """A silver corpus: its sentence confidence (and method disagreement) drive the triage."""


def triage(index: pd.DataFrame) -> Triage:
    """Error categories and F1 with target gold; on a silver corpus (no gold) the lowest sentence confidence
    first, then method disagreement."""
    gold = bool(index["gold"].any()) if len(index) else False
    silver = bool(index["sentence_confidence"].notna().any()) if len(index) else False
    sorts = ("index", "disagreement", "confidence") + (("f1",) if gold else ())
    if silver:
        sorts = ("sentence_confidence", "disagreement", "confidence", "index") + sorts[3:]
    return Triage(CATEGORIES if gold else (), sorts, silver)


def page_of(items: Sequence[int], page: int, page_size: int) -> list[int]:
    """Items of 1-based ``page``."""
    start = (max(page, 1) - 1) * page_size
    return list(items[start : start + page_size])


def n_pages(n_items: int, page_size: int) -> int:
    return max(1, math.ceil(n_items / page_size))


# ------------------------------------------------------------------------------------------ one sentence
@dataclass(frozen=True)
class SentenceView:
    """Everything the compare and correct pages show for one pair."""

    idx: int
    pair: SentencePair
    projections: dict[str, list[Span]]
    """method signature → projected target spans (with confidences)."""

    @property
    def gold(self) -> list[Span] | None:
        return None if self.pair.tgt_tags is None else self.pair.tgt_spans


def sentence_view(store: Store, corpus: str, idx: int, methods: Sequence[CachedProjection]) -> SentenceView:
    pair = store.sentence(corpus, idx)
    projections = {}
    for method in methods:
        found = store.predictions(method.signature, idx).get(idx)
        projections[method.signature] = found["spans"] if found else []
    return SentenceView(idx, pair, projections)


def compare_to_gold(gold: Sequence[Span], projected: Sequence[Span]) -> list[tuple[str, Span | None, Span | None]]:
    """(category, projected span or None, gold span or None) for every span, predictions first."""
    from .evaluate.categories import categorize

    return [(j.category.value, j.pred, j.gold) for j in categorize(gold, projected).judgements]


def toggle_span(spans: Sequence[Span], tokens: Sequence[int], label: str) -> list[Span]:
    """Assign ``label`` to the contiguous token range covering ``tokens``; spans overlapping it are removed."""
    if not tokens:
        return list(spans)
    new = Span(min(tokens), max(tokens) + 1, label, 1.0)
    return sorted([s for s in spans if not s.overlaps(new)] + [new])


def remove_span(spans: Sequence[Span], span: Span) -> list[Span]:
    return [s for s in spans if s.key != span.key]


def remove_spans_over(spans: Sequence[Span], tokens: Iterable[int]) -> list[Span]:
    """The spans that cover none of ``tokens`` (the Correct page's Delete key)."""
    chosen = set(tokens)
    return [s for s in spans if not chosen & set(range(s.start, s.end))]
