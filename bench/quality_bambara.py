"""Bambara translate-test projection quality (issue 4, quality table 2).

The 637 MasakhaNER Bambara test sentences with their NLLB English translations (``bam-translate-test``):
an English tagger labels the NLLB English, the labels are projected onto the Bambara and scored on
PER/ORG/LOC against the Bambara gold. One row per labeller × aligner × projection method::

    PYTHONPATH=. python bench/quality_bambara.py --out cache/quality/bambara.json
    PYTHONPATH=. python bench/quality_bambara.py --table cache/quality/bambara.json   # markdown table

Aligners: the shipped AccAlign links (``imported:`` of a Pharaoh file written from the records' links),
``e5`` (layer 8, subword, argmax) and ``eflomal`` trained on the 637 pairs plus NLLB-Seed eng–bam and
FLORES-200 devtest en–bm. Alignments are cached under ``cache/quality/`` (:mod:`xproj_core.study`).
The 637 pairs are the only labelled Bambara data used: every choice here is made on them (no held-out set).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

TYPES = ("PER", "ORG", "LOC")
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
LABELLERS: dict[str, tuple[str, dict[str, Any]]] = {
    "spacy sm": ("spacy", {}),
    "spacy md": ("spacy-md", {}),
    "spacy sm, NORP→LOC": ("spacy-map", {"model": "sm", "map": "NORP=LOC"}),
    "spacy md, NORP→LOC": ("spacy-map", {"model": "md", "map": "NORP=LOC"}),
    "e5-conll": ("e5-conll", {}),
}
METHODS: list[tuple[str, dict[str, Any]]] = [
    (f"{wrap}{method}", options)
    for wrap, (method, options) in itertools.product(
        ("", "trim-case:"),
        (
            ("heuristic", {}),
            ("heuristic", {"d": 0}),
            ("heuristic", {"thr": 0.5}),
            ("ilp-align", {"solver": "greedy"}),
            ("ilp-align", {"solver": "exact"}),
        ),
    )
]


def aligners(corpus: Any, only: set[str] | None = None) -> dict[str, Any]:
    """Cached alignments per aligner label (``only``: the labels starting with one of these words)."""
    from xproj_core.align import ALIGNERS
    from xproj_core.io.pharaoh import write_pharaoh
    from xproj_core.store import cache_dir
    from xproj_core.study import cached_alignments, write_parallel_text

    root = cache_dir() / "quality"
    links = root / "extra" / "bam-accalign.pharaoh"
    if not links.is_file():
        write_pharaoh(links, [{tuple(link) for link in p.meta["links"]} for p in corpus.pairs])
    extra = root / "extra" / "en-bam.txt"
    if not extra.is_file():
        sets = [
            (DATA / "nllb-seed" / "eng_Latn", DATA / "nllb-seed" / "bam_Latn"),
            (DATA / "parallel-en-xx" / "en-bm" / "eng_Latn.devtest", DATA / "parallel-en-xx" / "en-bm" / "bam_Latn.devtest"),
        ]
        write_parallel_text(sets, extra)
    n_extra = sum(1 for _ in extra.open(encoding="utf-8"))
    specs = {
        "AccAlign (shipped)": (f"imported:{links}", {}),
        "e5 L8 argmax": ("e5", {}),
        f"eflomal + NLLB-Seed/FLORES ({n_extra})": ("eflomal", {"extra": str(extra), "n_extra": n_extra}),
    }
    return {
        label: cached_alignments(corpus, label, lambda s=spec, o=options: ALIGNERS.create(s, **o).align(corpus.pairs, progress=True))
        for label, (spec, options) in specs.items()
        if only is None or label.split()[0] in only
    }


COLUMNS = [
    ("heuristic", {}), ("heuristic", {"d": 0}), ("ilp-align", {"solver": "greedy"}), ("ilp-align", {"solver": "exact"}),
    ("trim-case:heuristic", {}), ("trim-case:heuristic", {"d": 0}), ("trim-case:ilp-align", {"solver": "exact"}),
]


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: labeller × aligner rows, F1 per method column, then the per-type P/R of trim-case:heuristic d=0."""
    key = lambda r: (r["labeller"], r["aligner"], r["method"], json.dumps(r["options"], sort_keys=True))  # noqa: E731
    lookup = {key(r): r for r in rows}
    names = [m + (" " + " ".join(f"{k}={v}" for k, v in o.items()) if o else "") for m, o in COLUMNS]
    lines = [
        "| labeller | aligner | " + " | ".join(names) + " | untyped F1 (trim-case d=0) | PER / ORG / LOC P–R (trim-case d=0) |",
        "|---|---|" + "---:|" * (len(COLUMNS) + 1) + "---|",
    ]
    for labeller, aligner in dict.fromkeys((r["labeller"], r["aligner"]) for r in rows):
        cells = [lookup.get((labeller, aligner, m, json.dumps(o, sort_keys=True))) for m, o in COLUMNS]
        ref = lookup[(labeller, aligner, "trim-case:heuristic", json.dumps({"d": 0}))]
        types = " / ".join(f"{ref['per_type'][t]['p']:.2f}–{ref['per_type'][t]['r']:.2f}" for t in TYPES if t in ref["per_type"])
        lines.append(
            f"| {labeller} | {aligner} | " + " | ".join(f"{c['f1']:.3f}" if c else "–" for c in cells)
            + f" | {ref['untyped_f1']:.3f} | {types} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--table", type=Path, help="print the markdown table of a JSON file --out wrote, and stop")
    parser.add_argument("--labellers", help="comma-separated LABELLERS keys (default all)")
    parser.add_argument("--aligners", help="comma-separated first words of aligner labels: AccAlign,e5,eflomal (default all)")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())))
        return

    from xproj_core.datasets import load_corpus
    from xproj_core.evaluate.spans import span_scores
    from xproj_core.models import NER_TAGGERS
    from xproj_core.study import project_and_score
    from xproj_core.tags import tags_to_spans
    from xproj_core.types import Span

    corpus = load_corpus("bam-translate-test")
    alignment_sets = aligners(corpus, set(args.aligners.split(",")) if args.aligners else None)
    untyped = lambda spans: [Span(s.start, s.end, "X") for s in spans]  # noqa: E731
    rows = []
    chosen = args.labellers.split(",") if args.labellers else list(LABELLERS)
    for labeller, (spec, options) in ((k, LABELLERS[k]) for k in chosen):
        tagger = NER_TAGGERS.create(spec, **options)
        source = [tags_to_spans(tags) for tags in tagger.tag([p.src_tokens for p in corpus.pairs])]
        for (aligner, alignments), (method, method_options) in itertools.product(alignment_sets.items(), METHODS):
            projected, scores = project_and_score(corpus, source, alignments, method, TYPES, **method_options)
            loose = span_scores(
                [untyped(s for s in p.tgt_spans if s.label in TYPES) for p in corpus.pairs], [untyped(s) for s in projected]
            )
            row = dict(
                labeller=labeller, tagger=tagger.name, aligner=aligner, method=method, options=method_options,
                f1=scores.micro.f1, p=scores.micro.precision, r=scores.micro.recall, untyped_f1=loose.micro.f1,
                per_type={t: dict(p=c.precision, r=c.recall, f1=c.f1, n_pred=c.n_pred, n_gold=c.n_gold) for t, c in scores.per_type.items()},
            )
            rows.append(row)
            print(
                f"{labeller:<20} {aligner:<34} {method:<22} {json.dumps(method_options):<22} F1 {row['f1']:.3f} "
                f"(untyped {row['untyped_f1']:.3f}) "
                + " ".join(f"{t} {c['p']:.2f}/{c['r']:.2f}" for t, c in row["per_type"].items()),
                file=sys.stderr,
            )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=0, ensure_ascii=False))


if __name__ == "__main__":
    main()
