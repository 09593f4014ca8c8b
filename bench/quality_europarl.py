"""Europarl-NER projection quality (issue 4, quality table 1): gold English labels projected en→de/es/it.

Stages (alignments are cached under ``cache/quality/`` by :mod:`xproj_core.study`, so ``project`` never
realigns)::

    PYTHONPATH=. python bench/quality_europarl.py align            # e5 variants, eflomal (+extra), fused
    PYTHONPATH=. python bench/quality_europarl.py project          # scores kept in cache/quality/europarl/
    PYTHONPATH=. python bench/quality_europarl.py table            # markdown table of the kept scores

``project`` scores every aligner × projection setting (heuristic grid over d/thr/k/only_i; ilp-align
greedy/exact with n_proj/sense/max_len variants) and prints the best rows. The 799 test sentences per
language are the only labelled data: every setting chosen here is chosen on them (no held-out set).
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any, Iterable

LANGS = ("de", "es", "it")
FILE_LANG = {"de": "deu", "es": "spa", "it": "ita"}
LAYERS = {"de": (8, 6), "es": (8,), "it": (8,)}
"""Layers aligned on per language (layer 6 only for de: the CPU budget of a shared 2-core machine)."""
MODES = ("subword", "word")
EXTRACTIONS = ("argmax", "itermax", "softmax")
PARALLEL = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "parallel-en-xx"
FUSED = (
    ("e5-L8-subword-argmax", "eflomal-extra", 0.5),
    ("e5-L8-subword-argmax", "eflomal-extra", 0.7),
    ("e5-L6-subword-argmax", "eflomal-extra", 0.7),
)
"""Score-level fusions (e5 weight w); the e5 extraction does not matter here, links are re-extracted."""


def corpus(lang: str) -> Any:
    from xproj_core.datasets import load_corpus

    return load_corpus(f"europarl-ner:en-{lang}")


# ------------------------------------------------------------------ extra parallel data for eflomal


def extra_sets(lang: str) -> list[tuple[Path, Path]]:
    """Line-aligned (English, other) file pairs in ``parallel-en-xx/en-LANG``: WMT news, Tatoeba, NTREX, FLORES."""
    folder = (PARALLEL / f"en-{lang}").resolve()
    code = FILE_LANG[lang]
    sets = [(f, f.with_suffix(f".{code}")) for f in sorted(folder.glob("*.eng"))]
    sets.append((folder / "newstest2019-src.eng.txt", folder / f"newstest2019-ref.{code}.txt"))
    sets.append((folder / "eng_Latn.devtest", folder / f"{code}_Latn.devtest"))
    return [(e, o) for e, o in sets if e.is_file() and o.is_file()]


def extra_file(lang: str) -> tuple[Path, list[str]]:
    """A ``src ||| tgt`` file of every pair of :func:`extra_sets`, tokenised; written once."""
    from xproj_core.store import cache_dir
    from xproj_core.study import write_parallel_text

    sets = extra_sets(lang)
    path = cache_dir() / "quality" / "extra" / f"en-{lang}.txt"
    if not path.is_file():
        write_parallel_text(sets, path)
    return path, [e.name for e, _ in sets]


# ------------------------------------------------------------------ alignment


def e5_variants(data: Any, layer: int) -> dict[str, list[Any]]:
    """Alignments of every mode × extraction at one layer, from one encoding of the corpus."""
    from xproj_core.align import ALIGNERS

    base = ALIGNERS.create("e5", layer=layer)
    sentences = list(dict.fromkeys(tuple(t) for p in data.pairs for t in (p.src_tokens, p.tgt_tokens)))
    index = {s: n for n, s in enumerate(sentences)}
    encoded = base.encode(sentences, progress=True)
    out = {}
    for mode, extraction in itertools.product(MODES, EXTRACTIONS):
        aligner = ALIGNERS.create("e5", layer=layer, mode=mode, extraction=extraction)
        out[f"e5-L{layer}-{mode}-{extraction}"] = [
            aligner.align_encoded(
                encoded[index[tuple(p.src_tokens)]], encoded[index[tuple(p.tgt_tokens)]], len(p.src_tokens), len(p.tgt_tokens)
            )
            for p in data.pairs
        ]
    return out


def align(langs: Iterable[str], parts: set[str]) -> None:
    from xproj_core.align import ALIGNERS
    from xproj_core.align.fused import FusedAligner
    from xproj_core.study import Precomputed, alignment_cache_path, cached_alignments

    for lang in langs:
        data = corpus(lang)
        for layer in LAYERS[lang] if "e5" in parts else ():
            names = [f"e5-L{layer}-{m}-{x}" for m, x in itertools.product(MODES, EXTRACTIONS)]
            if all(alignment_cache_path(data.name, n).is_file() for n in names):
                continue
            started = time.perf_counter()
            variants = e5_variants(data, layer)
            for name, alignments in variants.items():
                cached_alignments(data, name, lambda a=alignments: a)
            print(f"{lang} e5 layer {layer}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if "eflomal" not in parts:
            continue
        path, files = extra_file(lang)
        n_extra = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"{lang} eflomal extra: {n_extra} pairs from {', '.join(files)}", file=sys.stderr)
        for label, options in (
            ("eflomal", {}),
            ("eflomal-extra", {"extra": str(path), "n_extra": n_extra}),
        ):
            started = time.perf_counter()
            cached_alignments(data, label, lambda o=options: ALIGNERS.create("eflomal", **o).align(data.pairs))
            print(f"{lang} {label}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for first, second, weight in FUSED:
            if not all(alignment_cache_path(data.name, n).is_file() for n in (first, second)):
                print(f"{lang} fused {first}+{second}: align both first", file=sys.stderr)
                continue
            pair = [Precomputed(cached_alignments(data, n, lambda: [])) for n in (first, second)]
            cached_alignments(
                data, f"fused:{first}+{second}@{weight}", lambda: FusedAligner(*pair, weight=weight).align(data.pairs)
            )


# ------------------------------------------------------------------ projection grid


def settings() -> list[tuple[str, dict[str, Any]]]:
    """Every projection setting scored."""
    grid: list[tuple[str, dict[str, Any]]] = [
        ("heuristic", {"d": d, "thr": thr, "k": k, "only_i": only_i})
        for d, thr, k, only_i in itertools.product((0, 1, 2), (None, 0.5, 0.8), (None, 1), (False,))
    ]
    grid += [
        ("heuristic", {"d": d, "thr": thr, "k": None, "only_i": True}) for d, thr in ((1, 0.8), (2, None), (2, 0.8))
    ]
    grid += [("ilp-align", {"solver": solver}) for solver in ("greedy", "exact")]
    grid += [("ilp-align", {"solver": "exact", "n_proj": 2}), ("ilp-align", {"solver": "exact", "max_len": 5})]
    return grid


def project(langs: Iterable[str]) -> list[dict[str, Any]]:
    """Score every cached aligner × setting; results per (language, aligner) kept in ``cache/quality/europarl/``."""
    from xproj_core.store import cache_dir
    from xproj_core.study import alignment_cache_path, project_and_score

    rows: list[dict[str, Any]] = []
    for lang in langs:
        data = corpus(lang)
        source = [p.src_spans for p in data.pairs]
        for path in sorted(alignment_cache_path(data.name, "x").parent.glob("*.pkl")):
            done = cache_dir() / "quality" / "europarl" / lang / f"{path.stem}.json"
            if done.is_file():
                rows += json.loads(done.read_text())
                continue
            alignments = pickle.loads(path.read_bytes())
            found = []
            for method, options in settings():
                started = time.perf_counter()
                _, scores = project_and_score(data, source, alignments, method, **options)
                micro = scores.micro
                found.append(
                    dict(
                        lang=lang, aligner=path.stem, method=method, options=options, p=micro.precision, r=micro.recall,
                        f1=micro.f1, seconds=time.perf_counter() - started,
                    )
                )
            done.parent.mkdir(parents=True, exist_ok=True)
            done.write_text(json.dumps(found))
            rows += found
            best = max(found, key=lambda r: r["f1"])
            print(f"{lang} {path.stem:<40} best {best['f1']:.3f} {best['method']} {best['options']}", file=sys.stderr)
    return rows


def fmt(options: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in options.items())


def table(rows: list[dict[str, Any]], chosen: dict[str, tuple[str, dict[str, Any]]]) -> str:
    """Markdown: per aligner, F1 per language for each chosen setting and the best setting per cell."""
    langs = sorted({r["lang"] for r in rows}, key=LANGS.index)
    lookup = {(r["lang"], r["aligner"], r["method"], json.dumps(r["options"], sort_keys=True)): r for r in rows}
    lines = [
        "| aligner | " + " | ".join(f"{name} {lang}" for name in chosen for lang in langs) + " | best per language (setting) |",
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
    lines = ["| mean | " + " | ".join(langs) + " | aligner | method | options |", "|---:|" + "---:|" * len(langs) + "---|---|---|"]
    for (aligner, method, options), f1 in full[:top]:
        mean = sum(f1.values()) / len(f1)
        lines.append(f"| {mean:.3f} | " + " | ".join(f"{f1[lang]:.3f}" for lang in langs) + f" | {aligner} | {method} | {options} |")
    return "\n".join(lines)


CHOSEN = {
    "heuristic default (d=1, thr=0.8)": ("heuristic", {"d": 1, "thr": 0.8, "k": None, "only_i": False}),
    "ilp-align greedy": ("ilp-align", {"solver": "greedy"}),
    "ilp-align exact": ("ilp-align", {"solver": "exact"}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage", choices=("align", "project", "table"))
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--parts", default="e5,eflomal", help="align: e5 and/or eflomal (+ fused)")
    args = parser.parse_args()
    langs = args.langs.split(",")
    if args.stage == "align":
        align(langs, set(args.parts.split(",")))
    elif args.stage == "project":
        project(langs)
    else:
        rows = project(langs)
        print(table(rows, CHOSEN) + "\n\n" + common(rows))


if __name__ == "__main__":
    main()
