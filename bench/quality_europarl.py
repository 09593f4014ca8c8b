"""Europarl-NER projection quality (issue 4, quality table 1): gold English labels projected en→de/es/it,
run as a sweep (:mod:`xproj_core.sweep`)::

    python -m bench.quality_europarl run              # every aligner × projection setting
    python -m bench.quality_europarl table            # markdown tables of the finished cells
    python -m bench.quality_europarl presets          # ilp-fused presets with e5-conll on the target

``run`` scores every aligner (e5 layer × mode × extraction, eflomal without and with all the extra parallel
text, score-level fusions) × projection setting (heuristic grid over d/thr/k/only_i; ilp-align greedy/exact
with n_proj/max_len variants). Cells and alignments are kept in ``--cache`` (default ``cache/quality.sqlite``),
so a re-run computes only what is new; the e5 variants of one layer share one encoding, and each fusion
reuses its parts' alignments (both per process). The 799 test sentences per language are the only labelled
data: every setting chosen here is chosen on them (no held-out set).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.quality_common import cell_metrics, count_lines, default_cache, method_options, write_parallel_text

LANGS = ("de", "es", "it")
FILE_LANG = {"de": "deu", "es": "spa", "it": "ita"}
LAYERS = {"de": (8, 6), "es": (8,), "it": (8,)}
"""Layers aligned on per language (layer 6 only for de: the CPU budget of a shared 2-core machine)."""
MODES = ("subword", "word")
EXTRACTIONS = ("argmax", "itermax", "softmax")
PARALLEL = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "parallel-en-xx"
EXTRA = "extra"
"""The parallel source eflomal draws from: WMT news, Tatoeba, NTREX and FLORES of ``parallel-en-xx/en-LANG``."""
FUSED = ((8, 0.5), (8, 0.7), (6, 0.7))
"""Score-level fusions of e5 (layer, subword, argmax) with eflomal (e5 weight w); links are re-extracted."""


def extra_sets(lang: str) -> list[tuple[Path, Path]]:
    """Line-aligned (English, other) file pairs in ``parallel-en-xx/en-LANG``: WMT news, Tatoeba, NTREX, FLORES."""
    folder = (PARALLEL / f"en-{lang}").resolve()
    code = FILE_LANG[lang]
    sets = [(f, f.with_suffix(f".{code}")) for f in sorted(folder.glob("*.eng"))]
    sets.append((folder / "newstest2019-src.eng.txt", folder / f"newstest2019-ref.{code}.txt"))
    sets.append((folder / "eng_Latn.devtest", folder / f"{code}_Latn.devtest"))
    return [(e, o) for e, o in sets if e.is_file() and o.is_file()]


def extra_file(lang: str) -> Path:
    """A ``src ||| tgt`` file of every pair of :func:`extra_sets`, tokenised; written once."""
    from xproj_core.store import cache_dir

    path = cache_dir() / "quality" / "extra" / f"en-{lang}.txt"
    if not path.is_file():
        sets = extra_sets(lang)
        write_parallel_text(sets, path)
        files = ", ".join(e.name for e, _ in sets)
        print(f"{lang} eflomal extra: {count_lines(path)} pairs from {files}", file=sys.stderr)
    return path


def e5(layer: int, mode: str = "subword", extraction: str = "argmax") -> dict[str, Any]:
    return {"spec": "e5", "options": {"layer": layer, "mode": mode, "extraction": extraction}}


def e5_named(name: str) -> dict[str, Any]:
    """The e5 entry of a table name such as ``e5-L8-subword-itermax``."""
    layer, mode, extraction = name.removeprefix("e5-L").split("-", 2)
    return e5(int(layer), mode, extraction)


def aligners(lang: str, parts: set[str]) -> list[dict[str, Any]]:
    """The aligner entries of one language's study: e5 variants, eflomal, fusions (``parts``: e5 and/or eflomal)."""
    chosen = []
    if "e5" in parts:
        chosen += [e5(layer, m, x) for layer in LAYERS[lang] for m, x in itertools.product(MODES, EXTRACTIONS)]
    if "eflomal" in parts:
        chosen.append({"spec": "eflomal"})
        chosen += [
            {"spec": f"fused:e5+eflomal@{weight}", "options": {"a.layer": layer}, "draw_prefix": "b."}
            for layer, weight in FUSED
            if layer in LAYERS[lang]
        ]
    return chosen


def settings() -> list[dict[str, Any]]:
    """Every projection setting scored (method entries of the sweep config)."""
    grid = [
        {"spec": "heuristic", "options": {"d": d, "thr": thr, "k": k, "only_i": only_i}}
        for d, thr, k, only_i in itertools.product((0, 1, 2), (0, 0.5, 0.8), (None, 1), (False,))
    ]
    grid += [
        {"spec": "heuristic", "options": {"d": d, "thr": thr, "k": None, "only_i": True}}
        for d, thr in ((1, 0.8), (2, 0), (2, 0.8))
    ]
    grid += [
        {"spec": "ilp-align", "solvers": ["greedy", "exact"]},
        {"spec": "ilp-align", "options": {"n_proj": 2}, "solvers": ["exact"]},
        {"spec": "ilp-align", "options": {"max_len": 5}, "solvers": ["exact"]},
    ]
    return grid


def config(
    langs: Iterable[str], parts: set[str], methods: list[dict[str, Any]], only: str | None = None
) -> dict[str, Any]:
    """One study per language: its aligners (``only``: the one of this table name) × ``methods``, eflomal
    without and with all its extra text."""
    studies, sources = [], {}
    for lang in langs:
        extra = extra_file(lang) if "eflomal" in parts else None
        if extra is not None:
            sources[f"{EXTRA}-{lang}"] = str(extra)
        chosen = [e5_named(only)] if only else aligners(lang, parts)
        studies.append(
            {
                "name": lang,
                "corpora": [f"europarl-ner:en-{lang}"],
                "source_labels": ["gold"],
                "aligners": chosen,
                "methods": methods,
                "parallel": [f"{EXTRA}-{lang}"] if extra else [],
                "sizes": [0, count_lines(extra)] if extra else [0],
            }
        )
    return {"name": "quality-europarl", "store_alignments": "all", "parallel": sources, "studies": studies}


def aligner_name(cell: Any) -> str:
    """The table name of a cell's aligner: ``e5-L8-subword-argmax``, ``eflomal``/``eflomal-extra``, ``fused:…@w``."""
    eflomal = "eflomal-extra" if cell.n else "eflomal"
    if cell.aligner.startswith("e5("):
        options = dict(item.split("=") for item in cell.aligner[3:-1].split(","))
        return f"e5-L{options['layer']}-{options['mode']}-{options['extraction']}"
    if cell.aligner.startswith("fused:"):
        weight = cell.aligner.partition("@")[2].partition("(")[0]
        layer = cell.aligner.partition("a.layer=")[2].rstrip(")")
        return f"fused:e5-L{layer}-subword-argmax+{eflomal}@{weight}"
    return eflomal if cell.aligner == "eflomal" else cell.aligner


def rows_from_cache(sweep: Any, store: Any) -> list[dict[str, Any]]:
    """One row per finished cell: language, aligner, setting, P, R, F1 and projection seconds."""
    import json

    rows = []
    for planned, scopes in cell_metrics(sweep, store):
        overall = scopes["overall"]
        rows.append(
            dict(
                lang=planned.cell.corpus.rpartition("-")[2],
                aligner=aligner_name(planned.cell),
                method=planned.cell.method.spec,
                options=method_options(planned),
                p=overall["precision"],
                r=overall["recall"],
                f1=overall["f1"],
                seconds=json.loads(overall["timings"] or "{}").get("project"),
            )
        )
    return rows


def fmt(options: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in options.items())


def table(rows: list[dict[str, Any]], chosen: dict[str, tuple[str, dict[str, Any]]]) -> str:
    """Markdown: per aligner, F1 per language for each chosen setting and the best setting per cell."""
    import json

    langs = sorted({r["lang"] for r in rows}, key=LANGS.index)
    lookup = {(r["lang"], r["aligner"], r["method"], json.dumps(r["options"], sort_keys=True)): r for r in rows}
    lines = [
        "| aligner | "
        + " | ".join(f"{name} {lang}" for name in chosen for lang in langs)
        + " | best per language (setting) |",
        "|---|" + "---:|" * (len(chosen) * len(langs)) + "---|",
    ]
    for aligner in sorted({r["aligner"] for r in rows}):
        cells = []
        for method, options in chosen.values():
            for lang in langs:
                row = lookup.get((lang, aligner, method, json.dumps(options, sort_keys=True)))
                cells.append(f"{row['f1']:.3f}" if row else "–")
        best = []
        for lang in langs:
            mine = [r for r in rows if r["lang"] == lang and r["aligner"] == aligner]
            if mine:
                top = max(mine, key=lambda r: r["f1"])
                best.append(f"{lang} {top['f1']:.3f} ({top['method']} {fmt(top['options'])})")
        lines.append(f"| {aligner} | " + " | ".join(cells) + " | " + "; ".join(best) + " |")
    return "\n".join(lines)


def common(rows: list[dict[str, Any]], top: int = 12) -> str:
    """Markdown: the aligner × settings scored on every language, ranked by mean F1 over languages."""
    langs = sorted({r["lang"] for r in rows}, key=LANGS.index)
    scores: dict[tuple[str, str, str], dict[str, float]] = {}
    for r in rows:
        scores.setdefault((r["aligner"], r["method"], fmt(r["options"])), {})[r["lang"]] = r["f1"]
    full = sorted(((k, v) for k, v in scores.items() if len(v) == len(langs)), key=lambda kv: -sum(kv[1].values()))
    lines = [
        "| mean | " + " | ".join(langs) + " | aligner | method | options |",
        "|---:|" + "---:|" * len(langs) + "---|---|---|",
    ]
    for (aligner, method, options), f1 in full[:top]:
        mean = sum(f1.values()) / len(f1)
        lines.append(
            f"| {mean:.3f} | "
            + " | ".join(f"{f1[lang]:.3f}" for lang in langs)
            + f" | {aligner} | {method} | {options} |"
        )
    return "\n".join(lines)


CHOSEN = {
    "heuristic default (d=1, thr=0.8)": ("heuristic", {"d": 1, "k": None, "only_i": False, "thr": 0.8}),
    "ilp-align greedy": ("ilp-align", {"solver": "greedy"}),
    "ilp-align exact": ("ilp-align", {"solver": "exact"}),
}


def presets(names: Iterable[str]) -> list[dict[str, Any]]:
    """ilp-fused presets (exact) with the e5-conll tagger on the target side."""
    return [{"spec": f"ilp-fused:{name}", "options": {"tagger": "e5-conll"}, "solvers": ["exact"]} for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage", choices=("run", "table", "presets"))
    parser.add_argument(
        "--aligner", default="e5-L8-subword-itermax", help="presets: the e5 variant (e5-L<layer>-<mode>-<extraction>)"
    )
    parser.add_argument("--presets", default="align_ner,align_ner_spans", help="presets: ilp-fused preset names")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--parts", default="e5,eflomal", help="aligners: e5 and/or eflomal (+ fused)")
    parser.add_argument("--cache", type=Path, help="sweep cache (default: cache/quality.sqlite)")
    parser.add_argument("--workers", type=int, default=1, help="local worker processes (each encodes on its own)")
    args = parser.parse_args()

    from xproj_core.store import Store
    from xproj_core.sweep import parse_config, run_sweep

    langs, parts = args.langs.split(","), set(args.parts.split(","))
    if args.stage == "presets":
        raw = config(langs, {"e5"}, presets(args.presets.split(",")), only=args.aligner)
    else:
        raw = config(langs, parts, settings())
    sweep = parse_config(raw, "quality-europarl")
    store = Store(args.cache or default_cache())
    if args.stage != "table":
        report = run_sweep(sweep, store, workers=args.workers)
        for cell, error in report.failed:
            print(f"cell failed: {cell}: {error}", file=sys.stderr)
    rows = rows_from_cache(sweep, store)
    if args.stage == "presets":
        for row in rows:
            scores = f"P {row['p']:.3f} R {row['r']:.3f} F1 {row['f1']:.3f}"
            print(f"{row['lang']} {row['aligner']} {row['method']} (e5-conll) {scores}")
    else:
        print(table(rows, CHOSEN) + "\n\n" + common(rows))


if __name__ == "__main__":
    main()
