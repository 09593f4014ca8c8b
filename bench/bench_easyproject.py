"""EasyProject through Apertium on Europarl-NER en->es: marker survival and span F1 against the Spanish gold.

    python bench/bench_easyproject.py [--corpus europarl-ner:en-es] [--translator apertium:eng-spa]

The Apertium translation (translate-train) is not the gold Spanish sentence, so it is scored two ways:
* ``on-gold``: :meth:`EasyProject.project` locates each entity's translated string (from the markers, else
  from the entity translated alone) in the *gold* Spanish tokens; exact span P/R/F1 against the gold spans.
* ``bag``: translate-train output (marker-free Apertium Spanish, tags from the markers) against the gold
  Spanish sentence as multisets of (entity text, type) per sentence — text lower-cased, spaces removed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import replace

from xproj_core.datasets import load_corpus
from xproj_core.evaluate.spans import span_scores
from xproj_core.project import ProjectionInput
from xproj_core.project.easyproject import EasyProject
from xproj_core.tags import spans_to_tags


def entity_bag(tokens: list[str], spans: list) -> Counter:
    return Counter(("".join(tokens[s.start : s.end]).lower(), s.label) for s in spans)


def bag_scores(gold: list[Counter], pred: list[Counter]) -> dict[str, float]:
    tp = sum(sum((g & p).values()) for g, p in zip(gold, pred))
    n_gold, n_pred = sum(sum(g.values()) for g in gold), sum(sum(p.values()) for p in pred)
    precision, recall = tp / n_pred, tp / n_gold
    return {
        "p": round(precision, 4),
        "r": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="europarl-ner:en-es")
    parser.add_argument("--translator", default="apertium:eng-spa")
    args = parser.parse_args()
    corpus = load_corpus(args.corpus)
    projector = EasyProject(args.translator)
    report: dict = {"corpus": corpus.name, "pairs": len(corpus), "signature": projector.signature()}
    for types in (None, ["PER", "ORG", "LOC"]):
        key = "all" if types is None else "per-org-loc"
        wanted = (
            (lambda spans: spans)
            if types is None
            else (lambda spans, kept=tuple(types): [s for s in spans if s.label in kept])
        )
        start = time.time()
        predicted = projector.project([ProjectionInput(p, wanted(p.src_spans)) for p in corpus])
        on_gold = span_scores([wanted(p.tgt_spans) for p in corpus], predicted)
        micro = on_gold.micro
        report[f"on-gold/{key}"] = {
            "p": round(micro.precision, 4),
            "r": round(micro.recall, 4),
            "f1": round(micro.f1, 4),
            "seconds": round(time.time() - start, 1),
            **projector.last_stats,
        }
        if types is None:
            report["per-type/on-gold"] = {t: round(c.f1, 4) for t, c in on_gold.per_type.items()}
        start = time.time()
        sources = [replace(p, src_tags=spans_to_tags(wanted(p.src_spans), len(p.src_tokens))) for p in corpus]
        translated = projector.translate_train(sources)
        report[f"bag/{key}"] = {
            **bag_scores(
                [entity_bag(p.tgt_tokens, wanted(p.tgt_spans)) for p in corpus],
                [entity_bag(t.tgt_tokens, t.tgt_spans) for t in translated],
            ),
            "seconds": round(time.time() - start, 1),
            **projector.last_stats,
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
