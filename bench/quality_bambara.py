"""Bambara translate-test projection quality (issue 4, quality table 2), run as a sweep.

The 637 MasakhaNER Bambara test sentences with their NLLB English translations (``bam-translate-test``):
an English tagger labels the NLLB English, the labels are projected onto the Bambara and scored on
PER/ORG/LOC against the Bambara gold. One row per labeller × aligner × projection method::

    python -m bench.quality_bambara --out cache/quality/bambara.json
    python -m bench.quality_bambara --table cache/quality/bambara.json   # markdown table

Aligners: the shipped AccAlign links (``imported:`` of the Pharaoh file the demo exports), ``e5`` (layer 8,
subword, argmax) and ``eflomal`` trained on the 637 pairs plus every pair of NLLB-Seed eng–bam and
FLORES-200 devtest en–bm. The grid is a sweep config (:func:`config`) run by :func:`xproj_core.sweep.run_sweep`
into ``--cache`` (default ``cache/quality.sqlite``): finished cells are kept there, with their alignments,
so a re-run only computes what is new. The 637 pairs are the only labelled Bambara data used: every
choice here is made on them (no held-out set).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.quality_common import cell_metrics, count_lines, default_cache, method_options, write_parallel_text

TYPES = ("PER", "ORG", "LOC")
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
LABELLERS: dict[str, str | dict[str, Any]] = {
    "spacy sm": "spacy",
    "spacy md": "spacy-md",
    "spacy sm, NORP→LOC": {"spec": "spacy-map", "options": {"model": "sm", "map": "NORP=LOC"}},
    "spacy md, NORP→LOC": {"spec": "spacy-map", "options": {"model": "md", "map": "NORP=LOC"}},
    "e5-conll": "e5-conll",
}
METHODS: list[str | dict[str, Any]] = [
    method
    for wrap in ("", "trim-case:")
    for method in (
        f"{wrap}heuristic",
        {"spec": f"{wrap}heuristic", "options": {"d": 0}},
        {"spec": f"{wrap}heuristic", "options": {"thr": 0.5}},
        {"spec": f"{wrap}ilp-align", "solvers": ["greedy", "exact"]},
    )
]
EXTRA = "nllb-seed+flores"
"""The parallel source eflomal draws all its extra pairs from (NLLB-Seed eng–bam and FLORES-200 devtest en–bm)."""


def extra_file() -> Path:
    """The tokenised ``src ||| tgt`` file of NLLB-Seed eng–bam and FLORES-200 devtest en–bm; written once."""
    from xproj_core.store import cache_dir

    path = cache_dir() / "quality" / "extra" / "en-bam.txt"
    if not path.is_file():
        sets = [
            (DATA / "nllb-seed" / "eng_Latn", DATA / "nllb-seed" / "bam_Latn"),
            (
                DATA / "parallel-en-xx" / "en-bm" / "eng_Latn.devtest",
                DATA / "parallel-en-xx" / "en-bm" / "bam_Latn.devtest",
            ),
        ]
        write_parallel_text(sets, path)
    return path


def aligner_names(n_extra: int) -> dict[str, str | dict[str, Any]]:
    """Display name → aligner entry of the sweep config."""
    return {
        "AccAlign (shipped)": "imported:${cache}/demo/accalign-bam.pharaoh",
        "e5 L8 argmax": "e5",
        f"eflomal + NLLB-Seed/FLORES ({n_extra})": "eflomal",
    }


def config(labellers: list[str], aligners: dict[str, Any], extra: Path | None) -> dict[str, Any]:
    """The sweep: the chosen labellers × aligners × every method, eflomal drawing all of ``extra``."""
    study = {
        "corpora": ["bam-translate-test"],
        "source_labels": [LABELLERS[name] for name in labellers],
        "aligners": list(aligners.values()),
        "methods": METHODS,
        "types": list(TYPES),
    }
    if extra is not None:
        study.update(parallel=[EXTRA], sizes=[count_lines(extra)])
    return {
        "name": "quality-bambara",
        "store_alignments": "all",
        "parallel": {EXTRA: str(extra)} if extra is not None else {},
        "studies": [study],
    }


COLUMNS = [
    ("heuristic", {}),
    ("heuristic", {"d": 0}),
    ("ilp-align", {"solver": "greedy"}),
    ("ilp-align", {"solver": "exact"}),
    ("trim-case:heuristic", {}),
    ("trim-case:heuristic", {"d": 0}),
    ("trim-case:ilp-align", {"solver": "exact"}),
]


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: labeller × aligner rows, F1 per method column, then the per-type P/R of trim-case:heuristic d=0."""
    key = lambda r: (r["labeller"], r["aligner"], r["method"], json.dumps(r["options"], sort_keys=True))  # noqa: E731
    lookup = {key(r): r for r in rows}
    names = [m + (" " + " ".join(f"{k}={v}" for k, v in o.items()) if o else "") for m, o in COLUMNS]
    lines = [
        "| labeller | aligner | "
        + " | ".join(names)
        + " | untyped F1 (trim-case d=0) | PER / ORG / LOC P–R (trim-case d=0) |",
        "|---|---|" + "---:|" * (len(COLUMNS) + 1) + "---|",
    ]
    for labeller, aligner in dict.fromkeys((r["labeller"], r["aligner"]) for r in rows):
        cells = [lookup.get((labeller, aligner, m, json.dumps(o, sort_keys=True))) for m, o in COLUMNS]
        ref = lookup[(labeller, aligner, "trim-case:heuristic", json.dumps({"d": 0}))]
        types = " / ".join(
            f"{ref['per_type'][t]['p']:.2f}–{ref['per_type'][t]['r']:.2f}" for t in TYPES if t in ref["per_type"]
        )
        lines.append(
            f"| {labeller} | {aligner} | "
            + " | ".join(f"{c['f1']:.3f}" if c else "–" for c in cells)
            + f" | {ref['untyped_f1']:.3f} | {types} |"
        )
    return "\n".join(lines)


def rows_from_cache(sweep: Any, store: Any, aligners: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per finished cell: F1, P, R, untyped F1 (entity boundaries only) and per-type scores."""
    from xproj_core.evaluate.spans import span_scores
    from xproj_core.sweep import Component
    from xproj_core.sweep.worker import cached_corpus
    from xproj_core.types import Span

    labeller_of = {Component.parse(entry, "LABELLERS").label: name for name, entry in LABELLERS.items()}
    aligner_of = {Component.parse(entry, "aligners").label: name for name, entry in aligners.items()}
    untyped = lambda spans: [Span(s.start, s.end, "X") for s in spans]  # noqa: E731
    rows = []
    for planned, scopes in cell_metrics(sweep, store):
        cell = planned.cell
        gold = [untyped(s for s in p.tgt_spans if s.label in TYPES) for p in cached_corpus(cell.corpus, None)]
        predictions = store.predictions(planned.signature)
        loose = span_scores(gold, [untyped(predictions[i]["spans"]) for i in range(len(gold))])
        overall = scopes["overall"]
        rows.append(
            dict(
                labeller=labeller_of[cell.source_labels.label],
                tagger=cell.source_labels.label,
                aligner=aligner_of[cell.aligner],
                method=cell.method.spec,
                options=method_options(planned),
                f1=overall["f1"],
                p=overall["precision"],
                r=overall["recall"],
                untyped_f1=loose.micro.f1,
                per_type={
                    t: dict(p=s["precision"], r=s["recall"], f1=s["f1"], n_pred=s["predicted"], n_gold=s["support"])
                    for t, s in scopes.items()
                    if t != "overall"
                },
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--table", type=Path, help="print the markdown table of a JSON file --out wrote, and stop")
    parser.add_argument("--labellers", help="comma-separated LABELLERS keys (default all)")
    parser.add_argument(
        "--aligners", help="first words of aligner names, comma-separated: AccAlign,e5,eflomal (default all)"
    )
    parser.add_argument("--cache", type=Path, help="sweep cache (default: cache/quality.sqlite)")
    parser.add_argument("--workers", type=int, default=1, help="local worker processes")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())))
        return

    from xproj_core.store import Store, cache_dir
    from xproj_core.sweep import parse_config, run_sweep
    from xproj_core.sweep.demo import ACCALIGN_LINKS, export_accalign

    export_accalign(cache_dir() / ACCALIGN_LINKS)
    only = set(args.aligners.split(",")) if args.aligners else None
    wanted = lambda name: only is None or name.split()[0] in only  # noqa: E731
    extra = extra_file() if wanted("eflomal") else None
    aligners = {k: v for k, v in aligner_names(count_lines(extra) if extra else 0).items() if wanted(k)}
    labellers = args.labellers.split(",") if args.labellers else list(LABELLERS)
    sweep = parse_config(config(labellers, aligners, extra), "quality-bambara")
    store = Store(args.cache or default_cache())
    report = run_sweep(sweep, store, workers=args.workers)
    for cell, error in report.failed:
        print(f"cell failed: {cell}: {error}", file=sys.stderr)
    rows = rows_from_cache(sweep, store, aligners)
    for row in rows:
        print(
            f"{row['labeller']:<20} {row['aligner']:<34} {row['method']:<22} {json.dumps(row['options']):<22} "
            f"F1 {row['f1']:.3f} "
            f"(untyped {row['untyped_f1']:.3f}) "
            + " ".join(f"{t} {c['p']:.2f}/{c['r']:.2f}" for t, c in row["per_type"].items()),
            file=sys.stderr,
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=0, ensure_ascii=False))


if __name__ == "__main__":
    main()
