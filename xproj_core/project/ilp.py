"""Candidate-matching projectors (the seed paper's ILP): ``ilp-align``, ``ilp-ner``, ``ilp-ner-spans``,
``ilp-nmt`` and ``ilp-fused:PRESET``.

Each builds, per sentence, the candidates (:mod:`.candidates`: all n-grams, or with ``candidates=ner``
the spans a target-side tagger predicts), an entity × candidate score matrix (:mod:`.scores`) and
solves the matching problem (:mod:`.solvers`). The score of the chosen pair becomes the span's
confidence. NER and translation-scoring backends are passed in as objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import Errors, XprojError, check_choice
from ..models.base import NerTagger, TranslationScorer
from ..types import Span
from .base import PROJECTORS, ProjectionInput
from .candidates import CANDIDATES, aligned_window, candidate_spans, tagged_spans, without_punctuation
from .scores import ALPHA, BOOSTS, FUSION_PRESETS, NER_MIN, NMT_MIN, align_scores, fuse, ner_scores, nmt_similarities
from .solvers import INFEASIBLE, SENSES, SOLVERS, Assignment, Problem, solve


@dataclass
class IlpProjector:
    """Candidate matching with a weighted sum of score components."""

    name: str
    weights: dict[str, float]
    solver: str = "exact"
    sense: str = "<="
    n_proj: int = 1
    max_len: int = 10
    restrict: bool = True
    alpha: float = ALPHA
    ner_min: float = NER_MIN
    nmt_min: float = NMT_MIN
    boost: str = "argmax"
    candidates: str = "ngrams"
    infeasible: str = "entity"
    punct_filter: bool = False
    tagger: NerTagger | None = field(default=None, repr=False)
    scorer: TranslationScorer | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_choice("solver", self.solver, SOLVERS)
        check_choice("sense", self.sense, SENSES)
        self.n_proj, self.max_len = int(self.n_proj), int(self.max_len)
        if self.max_len < 1:
            raise XprojError(Errors.E016, option=f"max_len={self.max_len}", detail="must be at least 1")
        self.punct_filter = str(self.punct_filter).lower() in {"1", "true", "yes"}
        check_choice("boost", self.boost, BOOSTS)
        check_choice("candidates", self.candidates, CANDIDATES)
        check_choice("infeasible", self.infeasible, INFEASIBLE)
        if (self.uses("ner") or self.candidates == "ner") and self.tagger is None:
            raise XprojError(Errors.E200, name=self.name, what="a NER tagger (option tagger)")
        if self.uses("nmt") and self.scorer is None:
            raise XprojError(Errors.E200, name=self.name, what="a translation scorer (option scorer)")

    def uses(self, component: str) -> bool:
        """Whether a score component (``ner`` covers ``ner-spans``) takes part."""
        return any(name.split("-")[0] == component for name in self.weights)

    @property
    def needs_alignment(self) -> bool:
        return self.uses("align")

    @property
    def restricts(self) -> bool:
        """Whether candidates are cut to the aligned window (alignment-only scores under ``≤``)."""
        return self.restrict and set(self.weights) == {"align"} and self.sense == "<=" and self.candidates == "ngrams"

    def candidate_lists(self, items: Sequence[ProjectionInput]) -> list[np.ndarray]:
        """Each item's candidates: n-grams (cut to the aligned window when that keeps the optimum), or the
        spans the target tagger predicts; without n-grams containing "!" or "?" under ``punct_filter``."""
        if self.candidates == "ner":
            tagged = self.tagger.tag([i.pair.tgt_tokens for i in items])  # type: ignore[union-attr]
            found = [tagged_spans(tags) for tags in tagged]
        else:
            found = []
            for item in items:
                window = None
                if self.restricts:
                    window = aligned_window(item.alignment, item.src_spans) or (0, 0)  # type: ignore[arg-type]
                found.append(candidate_spans(len(item.pair.tgt_tokens), self.max_len, window))
        if self.punct_filter:
            found = [without_punctuation(spans, i.pair.tgt_tokens) for spans, i in zip(found, items)]
        return found

    def score_matrices(self, items: Sequence[ProjectionInput], cands: list[np.ndarray]) -> list[np.ndarray]:
        """The fused score matrix of each item."""
        components: dict[str, list[np.ndarray]] = {}
        if self.uses("align"):
            components["align"] = [align_scores(i.alignment, i.src_spans, c) for i, c in zip(items, cands)]  # type: ignore[arg-type]
        if self.uses("ner"):
            probs = self.tagger.probabilities([i.pair.tgt_tokens for i in items])  # type: ignore[union-attr]
            for kind in {"ner", "ner-spans"} & set(self.weights):
                components[kind] = [
                    ner_scores(
                        np.asarray(p),
                        self.tagger.labels,
                        i.src_spans,
                        c,  # type: ignore[union-attr]
                        spans_only=kind == "ner-spans",
                        alpha=self.alpha,
                        min_score=self.ner_min,
                        boost=self.boost,
                    )
                    for p, i, c in zip(probs, items, cands)
                ]
        if self.uses("nmt"):
            components["nmt"] = self.nmt_matrices(items, cands)
        return [fuse({k: v[n] for k, v in components.items()}, self.weights) for n in range(len(items))]

    def nmt_matrices(self, items: Sequence[ProjectionInput], cands: list[np.ndarray]) -> list[np.ndarray]:
        """NMTScore matrices, scoring all pairs of one language pair in one batch."""
        strings: list[list[tuple[str, str]]] = []
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, (item, spans) in enumerate(zip(items, cands)):
            src, tgt = item.pair.src_tokens, item.pair.tgt_tokens
            targets = [" ".join(tgt[s:e]) for s, e in spans]
            strings.append([(" ".join(src[e.start : e.end]), t) for e in item.src_spans for t in targets])
            groups[(item.pair.src_lang, item.pair.tgt_lang)].append(n)
        out: list[np.ndarray] = [np.zeros((len(i.src_spans), len(c))) for i, c in zip(items, cands)]
        for (src_lang, tgt_lang), members in groups.items():
            flat = [pair for n in members for pair in strings[n]]
            sims = nmt_similarities(self.scorer, flat, src_lang, tgt_lang, self.nmt_min)  # type: ignore[arg-type]
            offset = 0
            for n in members:
                size = out[n].size
                out[n] = sims[offset : offset + size].reshape(out[n].shape)
                offset += size
        return out

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        from tqdm import tqdm

        out: list[list[Span]] = [[] for _ in items]
        active = [n for n, item in enumerate(items) if item.src_spans and item.pair.tgt_tokens]
        chosen = [items[n] for n in active]
        missing = next((i for i in chosen if self.needs_alignment and i.alignment is None), None)
        if missing is not None:
            raise XprojError(Errors.E200, name=self.name, what=f"an alignment (pair {missing.pair.id})")
        cands = self.candidate_lists(chosen)
        matrices = self.score_matrices(chosen, cands)
        for n, item, spans, scores in tqdm(
            list(zip(active, chosen, cands, matrices)), desc=self.name, disable=not progress, unit="pair"
        ):
            out[n] = sorted(
                Span(int(spans[k][0]), int(spans[k][1]), item.src_spans[e].label, float(scores[e, k]))
                for e, k in self.solve(scores, spans)
            )
        return out

    def solve(self, scores: np.ndarray, spans: np.ndarray) -> Assignment:
        """One sentence's matching. Under ``=``/``>=`` with ``infeasible=entity`` (thesis), an entity without
        any positive candidate loses its own constraint only; ``infeasible=sentence`` (xproj's former way)
        re-solves the whole sentence under ``<=``. What is still infeasible is solved under ``<=``."""
        if self.sense == "<=" or self.infeasible == "sentence" or not scores.size:
            return solve(Problem(scores, spans, self.sense, self.n_proj), self.solver)
        rows = np.flatnonzero(scores.max(axis=1) > 0)
        chosen = solve(Problem(scores[rows], spans, self.sense, self.n_proj), self.solver)
        return [(int(rows[e]), k) for e, k in chosen]

    def signature(self) -> str:
        parts = [
            f"weights={self.weights}",
            f"solver={self.solver}",
            f"sense={self.sense}",
            f"n_proj={self.n_proj}",
            f"max_len={self.max_len}",
            f"restrict={self.restricts}",
        ]
        if self.candidates != "ngrams":
            parts.append(f"candidates={self.candidates}")
        if self.sense != "<=":
            parts.append(f"infeasible={self.infeasible}")
        if self.punct_filter:
            parts.append("punct_filter=True")
        if self.uses("ner"):
            parts += [f"alpha={self.alpha}", f"ner_min={self.ner_min}", f"boost={self.boost}"]
        if self.uses("ner") or self.candidates == "ner":
            parts.append(f"tagger={self.tagger.name}")  # type: ignore[union-attr]
        if self.uses("nmt"):
            parts += [f"nmt_min={self.nmt_min}", f"scorer={self.scorer.name}"]  # type: ignore[union-attr]
        return f"{self.name}({','.join(parts)})"


COMMON_OPTIONS = {
    "solver": "greedy | exact (dynamic programme, HiGHS beyond its state limit) | milp (HiGHS); default exact",
    "sense": "per-entity constraint Σ_t x(s,t) {<=, ==, >=} n_proj; default <=",
    "n_proj": "projections per entity; default 1",
    "max_len": "longest candidate n-gram; default 10",
    "candidates": "ngrams (default: every n-gram up to max_len) | ner (the spans the target tagger `tagger` "
    "predicts, type ignored: the paper's candidate_selection=ner)",
    "infeasible": "under == or >=: entity (default, thesis: an entity without candidates loses its own constraint) "
    "| sentence (former xproj: re-solve the sentence under <=)",
    "punct_filter": "thesis code's filter: no candidate n-gram contains '!' or '?' (default false)",
    "tagger": "target-side NerTagger object (for ner scores or candidates=ner)",
}
COMPONENT_OPTIONS = {
    "align": {"restrict": "cut candidates to the aligned window (align-only, <=); default true"},
    "ner": {
        "alpha": f"length bonus alpha^(len-1); default {ALPHA}",
        "boost": "argmax (default, thesis code: alpha^(len-1) only where the tagger's argmax labels are "
        "B-l I-l ... I-l, after the ner_min threshold) | all (former xproj: every candidate and type)",
        "ner_min": f"drop ner scores below this; default {NER_MIN}",
    },
    "nmt": {"scorer": "TranslationScorer object", "nmt_min": f"drop nmt scores below this; default {NMT_MIN}"},
}


def _options(components: Sequence[str]) -> dict[str, str]:
    options = dict(COMMON_OPTIONS)
    for component in components:
        options.update(COMPONENT_OPTIONS[component.split("-")[0]])
    return options


def _register_single(component: str, description: str) -> None:
    name = f"ilp-{component}"
    PROJECTORS.register(name, description, options=_options([component]))(
        lambda **options: IlpProjector(name, {component: 1.0}, **options)
    )


_register_single("align", "candidate matching on alignment scores 2·#links/(len_e+len_c)")
_register_single("ner", "candidate matching on target NER probabilities of the entity's type")
_register_single("ner-spans", "candidate matching on target NER span probabilities (max over types)")
_register_single("nmt", "candidate matching on NMTScore direct similarity of entity and candidate")


@PROJECTORS.register(
    "ilp-fused",
    "candidate matching on a weighted sum of scores: "
    + "; ".join(f"{p} = " + " + ".join(f"{w}·{c}" for c, w in ws.items()) for p, ws in FUSION_PRESETS.items()),
    takes_argument=True,
    argument_help="|".join(FUSION_PRESETS),
    options=_options(["align", "ner", "nmt"]),
)
def _fused(preset: str, **options: object) -> IlpProjector:
    if preset not in FUSION_PRESETS:
        raise XprojError(Errors.E201, preset=preset, known=", ".join(FUSION_PRESETS))
    return IlpProjector(f"ilp-fused:{preset}", dict(FUSION_PRESETS[preset]), **options)  # type: ignore[arg-type]
