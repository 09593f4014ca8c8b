"""Projection time for the 799 Europarl-NER en→xx sentence pairs, alignments precomputed.

Usage: ``python bench/bench_projection.py [--lang de] [--aligner eflomal] [--repeat 5]``

Alignments are computed once, untimed. Each method then projects all pairs ``--repeat`` times; the table
gives the minimum CPU time of this process (``time.process_time``, robust on a shared machine), the
median wall-clock time, the number of projected spans and the micro span F1 against the target gold.
Rows marked NER use :class:`PrecomputedTagger` (probabilities derived from the target gold), which
makes them a timing of the projection step only: their F1 is not reported.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from xproj_core.align import ALIGNERS
from xproj_core.datasets import load_corpus
from xproj_core.evaluate.spans import span_scores
from xproj_core.project import PROJECTORS, ProjectionInput
from xproj_core.types import SentencePair

METHODS = [
    ("heuristic", {}),
    ("ilp-align", {"solver": "greedy"}),
    ("ilp-align", {"solver": "exact"}),
    ("ilp-align", {"solver": "milp"}),
    ("ilp-align", {"solver": "greedy", "restrict": False}),
    ("ilp-align", {"solver": "exact", "restrict": False}),
    ("ilp-ner", {"solver": "greedy"}),
    ("ilp-ner", {"solver": "exact"}),
    ("ilp-fused:align_ner", {"solver": "greedy"}),
    ("ilp-fused:align_ner", {"solver": "exact"}),
]


class PrecomputedTagger:
    """Stand-in for a target NER model whose probabilities were computed beforehand.

    ``peak`` on the gold target label, the rest spread evenly over the others: the NER rows time the
    projection step only and say nothing about quality. A low peak is pessimistic for the solvers:
    with α^(len−1) long background candidates pass the 0.05 threshold and every sentence gets dense.
    """

    def __init__(self, pairs: list[SentencePair], peak: float = 0.7) -> None:
        self.name = f"precomputed-gold-{peak}"
        self.labels = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC", "MISC") for p in "BI"]
        self.cache = {}
        for pair in pairs:
            probs = np.full((len(pair.tgt_tokens), len(self.labels)), (1 - peak) / (len(self.labels) - 1))
            probs[np.arange(len(probs)), [self.labels.index(t) for t in pair.tgt_tags]] = peak
            self.cache[tuple(pair.tgt_tokens)] = probs

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        raise NotImplementedError

    def probabilities(self, sentences: list[list[str]]) -> list[np.ndarray]:
        return [self.cache[tuple(s)] for s in sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="de")
    parser.add_argument("--aligner", default="eflomal", help="aligner spec from ALIGNERS (default eflomal)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", help="dataset folder (default: the usual data roots)")
    parser.add_argument("--ner-peak", type=float, default=0.7, help="stand-in tagger's probability of the gold label")
    args = parser.parse_args()
    pairs = load_corpus(f"europarl-ner:en-{args.lang}", args.data_dir).pairs
    start = time.perf_counter()
    alignments = ALIGNERS.create(args.aligner).align(pairs)
    align_seconds = time.perf_counter() - start
    items = [ProjectionInput(p, p.src_spans, a) for p, a in zip(pairs, alignments)]
    gold = [p.tgt_spans for p in pairs]
    tagger = PrecomputedTagger(pairs, args.ner_peak)
    print(
        f"Europarl-NER en-{args.lang}: {len(items)} pairs, {sum(len(i.src_spans) for i in items)} source entities; "
        f"alignments by {args.aligner} ({align_seconds:.1f} s, untimed below); {args.repeat} runs per row; "
        f"NER stand-in peak {args.ner_peak}"
    )
    print("| method | options | CPU s (min) | wall s (median) | spans | F1 |\n|---|---|---|---|---|---|")
    for method, options in METHODS:
        uses_ner = "ner" in method
        projector = PROJECTORS.create(method, **options, **({"tagger": tagger} if uses_ner else {}))
        cpu, wall = [], []
        for _ in range(args.repeat):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            projected = projector.project(items)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
        f1 = "n/a (NER stand-in)" if uses_ner else f"{span_scores(gold, projected).micro.f1:.3f}"
        opts = ", ".join(f"{k}={v}" for k, v in options.items()) or "defaults"
        print(
            f"| {method} | {opts} | {min(cpu):.3f} | {statistics.median(wall):.3f} | "
            f"{sum(map(len, projected))} | {f1} |"
        )


if __name__ == "__main__":
    main()
