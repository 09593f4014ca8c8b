"""Projection time for the 799 Europarl-NER en→xx sentence pairs, alignments precomputed.

Usage: ``PYTHONPATH=. python bench/bench_projection.py [--lang de] [--repeat 5] [--aligner SPEC]``

Without ``--aligner`` the alignments come from a cheap deterministic stand-in (``standin_alignment``:
identical / shared-prefix words, then a positional link for every source word still unlinked), so the
timings are meaningful but the F1 column is not a quality result. Times are taken over
``--repeat`` runs of ``projector.project`` on all pairs (scores, candidates and solving; alignment
and corpus reading excluded): the minimum CPU time of this process (``time.process_time``, robust on
a shared machine) and the median wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from xproj_core.project import PROJECTORS, ProjectionInput  # noqa: E402
from xproj_core.tags import validate_tags  # noqa: E402
from xproj_core.types import Alignment, SentencePair  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "europarl-ner"
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
"""Methods timed; NER rows use :class:`PrecomputedTagger` (timing only: its F1 is not reported)."""


class PrecomputedTagger:
    """Stand-in for a target NER model whose probabilities were computed beforehand.

    Probabilities are 0.7 on the gold target label and 0.3 spread over the others, so the NER rows
    measure projection time only; they say nothing about quality.
    """

    name = "precomputed-gold-0.7"

    def __init__(self, pairs: list[SentencePair]) -> None:
        self.labels = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC", "MISC") for p in "BI"]
        self.cache = {}
        for pair in pairs:
            probs = np.full((len(pair.tgt_tokens), len(self.labels)), 0.3 / (len(self.labels) - 1))
            probs[np.arange(len(probs)), [self.labels.index(t) for t in pair.tgt_tags]] = 0.7
            self.cache[tuple(pair.tgt_tokens)] = probs

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        raise NotImplementedError

    def probabilities(self, sentences: list[list[str]]) -> list[np.ndarray]:
        return [self.cache[tuple(s)] for s in sentences]


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a 2-column CoNLL file (token TAB tag, blank line between sentences)."""
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            token, tag = line.split("\t")[:2]
            tokens.append(token)
            tags.append(tag)
        elif tokens:
            sentences.append((tokens, validate_tags(tags)[0]))
            tokens, tags = [], []
    return sentences


def europarl_pairs(lang: str) -> list[SentencePair]:
    src, tgt = read_conll(DATA / "en-europarl.test.conll02"), read_conll(DATA / f"{lang}-europarl.test.conll02")
    assert len(src) == len(tgt) == 799, (len(src), len(tgt))
    return [SentencePair(str(i), "en", lang, s[0], t[0], s[1], t[1]) for i, (s, t) in enumerate(zip(src, tgt))]


def standin_alignment(src: list[str], tgt: list[str]) -> Alignment:
    """Identical or shared-4-prefix words (first free match), then positional links for the rest."""
    links: set[tuple[int, int]] = set()
    used: set[int] = set()
    for i, word in enumerate(src):
        key = word.lower()[:4]
        j = next(
            (
                j
                for j, w in enumerate(tgt)
                if j not in used and (w.lower() == word.lower() or (len(key) == 4 and w.lower()[:4] == key))
            ),
            None,
        )
        if j is not None:
            links.add((i, j))
            used.add(j)
    linked = {i for i, _ in links}
    for i in range(len(src)):
        if i not in linked:
            links.add((i, min(len(tgt) - 1, round(i * len(tgt) / len(src)))))
    return Alignment.from_links(links, len(src), len(tgt))


def span_f1(gold: list[list], predicted: list[list]) -> float:
    """Micro span F1 on (start, end, label)."""
    g = {(n, s.key) for n, spans in enumerate(gold) for s in spans}
    p = {(n, s.key) for n, spans in enumerate(predicted) for s in spans}
    return 2 * len(g & p) / (len(g) + len(p)) if g or p else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="de")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--aligner", help="aligner spec from ALIGNERS (default: the stand-in)")
    args = parser.parse_args()
    pairs = europarl_pairs(args.lang)
    if args.aligner:
        from xproj_core.align import ALIGNERS

        alignments = ALIGNERS.create(args.aligner).align(pairs)
    else:
        alignments = [standin_alignment(p.src_tokens, p.tgt_tokens) for p in pairs]
    items = [ProjectionInput(p, p.src_spans, a) for p, a in zip(pairs, alignments)]
    gold = [p.tgt_spans for p in pairs]
    tagger = PrecomputedTagger(pairs)
    print(
        f"Europarl-NER en-{args.lang}: {len(items)} pairs, {sum(len(i.src_spans) for i in items)} source entities, "
        f"aligner: {args.aligner or 'stand-in (identical/prefix + positional)'}, {args.repeat} runs each"
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
        opts = ", ".join(f"{k}={v}" for k, v in options.items()) or "defaults"
        print(
            f"| {method} | {opts} | {min(cpu):.3f} | {statistics.median(wall):.3f} | "
            f"{sum(map(len, projected))} | {'n/a' if uses_ner else f'{span_f1(gold, projected):.3f}'} |"
        )


if __name__ == "__main__":
    main()
