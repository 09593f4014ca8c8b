"""Every result table of README.md and docs/quality.md, regenerated from the ``xproj project`` commands printed
beside each number (issue 12: anchors on the right sets, figures reproducible with today's defaults).

    XPROJ_DATA=../shared/data python -m bench.quality_tables [--tables europarl,paper,...]   # from the repo root

Each row runs ``xproj project ... --json`` in this process (``xproj_core.cli.main``); the commands print every
option that differs from today's defaults. Alignments are kept, as computed, in the alignment table of the
quality benches' cache (``--cache``, default ``$XPROJ_CACHE/quality.sqlite``) and reused across rows and runs;
tagger probabilities are kept for the run (``bench.quality_common``). So a row gives what its command gives
while each corpus is aligned once and tagged once per run. ``--check N`` re-runs the first N commands as
separate ``python -m xproj_core`` processes without any cache and compares.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.quality_common import MemoTagger, StoredAligner, default_cache
from xproj_core.align import ALIGNERS
from xproj_core.cli import main
from xproj_core.models import NER_TAGGERS
from xproj_core.paper_results import best_projection, ebing_glavas_f1, paper_f1, paper_runs
from xproj_core.store import Store

LANGS = ("de", "es", "it")
EUROPARL = tuple(f"europarl-ner:en-{lang}" for lang in LANGS)
BAM = "bam-translate-test"
E5_ITERMAX = ["--aligner", "e5", "--aligner-option", "layer=8", "--aligner-option", "extraction=itermax"]
CENTRED = ["--aligner-option", "center=True"]
ITERMAX_C = E5_ITERMAX + CENTRED
"""``center`` defaults to false with itermax (``auto``); ``center=True`` was the default for every extraction."""
E5 = ["--aligner", "e5"]
NER = ["--ner", "e5-conll"]
PPP = ["--types", "PER,ORG,LOC"]
ACCALIGN = Path("/tmp/xproj-tables/accalign-bam.pharaoh")
"""Where ``xproj convert`` writes the shipped AccAlign links once (the Bambara rows' commands name this path)."""


@dataclass(frozen=True)
class Row:
    """One table row: the same ``xproj project`` arguments on each column's corpus."""

    label: str
    args: tuple[str, ...]

    def command(self, corpus: str) -> str:
        return f"xproj project --corpus {corpus} " + " ".join(shlex.quote(a) for a in self.args)


def row(label: str, *args: str | list[str]) -> Row:
    flat: list[str] = []
    for part in args:
        flat += part if isinstance(part, list) else [part]
    return Row(label, tuple(flat))


def project_f1(corpus: str, args: tuple[str, ...]) -> float:
    """Span micro F1 that ``xproj project --corpus CORPUS ARGS --json`` prints (aligners and taggers cached)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["project", "--corpus", corpus, *args, "--json"])
    if code != 0:
        raise SystemExit(f"xproj project --corpus {corpus} {' '.join(args)} exited with {code}")
    return json.loads(out.getvalue().strip().splitlines()[-1])["metrics"]["ALL"]["f1"]


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}".lstrip("0")


def table(rows: list[Row], corpora: tuple[str, ...], heads: tuple[str, ...]) -> list[str]:
    """Markdown rows: label, one F1 per corpus, and the command (``{corpus}`` stands for each column's)."""
    lines = ["| | " + " | ".join(heads) + " | command |", "|---|" + "---:|" * len(heads) + "---|"]
    for r in rows:
        scores = [fmt(project_f1(c, r.args)) for c in corpora]
        corpus = corpora[0] if len(corpora) == 1 else "{corpus}"
        lines.append(f"| {r.label} | " + " | ".join(scores) + f" | `{r.command(corpus)}` |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines


# ------------------------------------------------------------------------------------------------ tables


def europarl_anchor_rows() -> list[Row]:
    return [
        row("e5 L8 itermax + `ilp-align` exact", E5_ITERMAX, "--method", "ilp-align"),
        row("e5 L8 itermax, centring (the former default) + `ilp-align` exact", ITERMAX_C, "--method", "ilp-align"),
        row(
            "e5 L8 itermax + heuristic d=2 thr=0 k=1",
            E5_ITERMAX,
            "--method",
            "heuristic",
            "--option",
            "d=2",
            "--option",
            "thr=0",
            "--option",
            "k=1",
        ),
        row(
            "e5 L8 word itermax + heuristic d=2 thr=0.5",
            E5_ITERMAX,
            "--aligner-option",
            "mode=word",
            "--method",
            "heuristic",
            "--option",
            "d=2",
            "--option",
            "thr=0.5",
        ),
        row("e5 defaults (L7 argmax, centring) + heuristic defaults", E5, "--method", "heuristic"),
    ]


def centring_rows() -> list[Row]:
    """The evidence for ``center=auto``: centring with argmax and itermax, heuristic and ILP."""
    l8 = ["--aligner", "e5", "--aligner-option", "layer=8"]
    out = []
    for method in (["--method", "ilp-align"], ["--method", "heuristic"]):
        out += [
            row(f"L8 argmax, centring (default) + {method[1]}", l8, method),
            row(f"L8 argmax, no centring + {method[1]}", l8, "--aligner-option", "center=False", method),
            row(f"L8 itermax, no centring (default) + {method[1]}", E5_ITERMAX, method),
            row(f"L8 itermax, centring + {method[1]}", ITERMAX_C, method),
        ]
    return out


def europarl_paper_rows() -> list[Row]:
    """Our counterparts of the paper's Europarl pipelines: align_src = heuristic, candidates = ILP with greedy
    matching (its ``argmax``), dummy = every n-gram, ner = the target tagger's spans."""
    out = []
    for aligner, name in ((E5_ITERMAX, "e5 L8 itermax"), (E5, "e5 defaults")):
        out += [
            row(f"align_src ≈ {name} + heuristic", aligner, "--method", "heuristic"),
            row(
                f"candidates/dummy ≈ {name} + ilp-align greedy", aligner, "--method", "ilp-align", "--solver", "greedy"
            ),
            row(
                f"candidates/ner ≈ {name} + ilp-align greedy candidates=ner",
                aligner,
                "--method",
                "ilp-align",
                "--solver",
                "greedy",
                "--option",
                "candidates=ner",
                NER,
            ),
        ]
    return out


def paper_europarl_table() -> list[str]:
    runs = paper_runs("europarlner")
    settings = [("align_src", a, "") for a in ("simalign", "awesome")]
    settings += [("candidates", a, s) for s in ("dummy", "ner") for a in ("simalign", "awesome")]
    lines = ["| paper run (mBERT aligners, greedy matching) | de | es | it |", "|---|---:|---:|---:|"]
    for pipeline, aligner, selection in settings:
        cells = [fmt(paper_f1(runs, lang, pipeline, aligner, selection)) for lang in LANGS]
        lines.append(f"| {'/'.join(p for p in (pipeline, aligner, selection) if p)} | " + " | ".join(cells) + " |")
    best = [best_projection(runs, lang) for lang in LANGS]
    lines.append("| best projection (per language) | " + " | ".join(f"{fmt(b.f1)} ({b.setting})" for b in best) + " |")
    return lines


def paper_bambara_table() -> list[str]:
    runs = [r for r in paper_runs("masakhaner2") if r.lang == "bam"]
    lines = ["| paper run (full 1,274-sentence test, 1,120 PER/ORG/LOC entities) | F1 |", "|---|---:|"]
    for r in sorted(runs, key=lambda r: -r.f1):
        lines.append(f"| {r.setting} | {fmt(r.f1)} |")
    lines.append(f"| Ebing & Glavaš 2025 translate-test (NLLB + AccAlign), same full test | {fmt(ebing_glavas_f1())} |")
    return lines


def bambara_rows(links: str) -> list[Row]:
    acc = ["--aligner", f"imported:{links}"]
    return [
        row("spaCy sm, AccAlign, heuristic", acc, "--method", "heuristic", "--source-labels", "spacy", PPP),
        row(
            "spaCy md + NORP→LOC, AccAlign, trim-case:heuristic d=0",
            acc,
            "--method",
            "trim-case:heuristic",
            "--option",
            "d=0",
            "--source-labels",
            "spacy-map",
            "--source-option",
            "model=md",
            PPP,
        ),
        row(
            "e5-conll, AccAlign, trim-case:heuristic d=0",
            acc,
            "--method",
            "trim-case:heuristic",
            "--option",
            "d=0",
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row("e5-conll, AccAlign, heuristic", acc, "--method", "heuristic", "--source-labels", "e5-conll", PPP),
        row("e5-conll, AccAlign, ilp-align exact", acc, "--method", "ilp-align", "--source-labels", "e5-conll", PPP),
        row(
            "e5-conll, AccAlign, ilp-align greedy candidates=ner",
            acc,
            "--method",
            "ilp-align",
            "--solver",
            "greedy",
            "--option",
            "candidates=ner",
            NER,
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row(
            "e5-conll, e5 L8 itermax, ilp-align greedy candidates=ner",
            E5_ITERMAX,
            "--method",
            "ilp-align",
            "--solver",
            "greedy",
            "--option",
            "candidates=ner",
            NER,
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row(
            "e5-conll, e5 L8 itermax, heuristic",
            E5_ITERMAX,
            "--method",
            "heuristic",
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row(
            "e5-conll, e5 L8 itermax, centring (the former default), heuristic",
            ITERMAX_C,
            "--method",
            "heuristic",
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row(
            "e5-conll, e5 L8 argmax (centring), heuristic",
            E5,
            "--aligner-option",
            "layer=8",
            "--method",
            "heuristic",
            "--source-labels",
            "e5-conll",
            PPP,
        ),
        row(
            "e5-conll, e5 L8 argmax without centring, heuristic",
            E5,
            "--aligner-option",
            "layer=8",
            "--aligner-option",
            "center=False",
            "--method",
            "heuristic",
            "--source-labels",
            "e5-conll",
            PPP,
        ),
    ]


CORRECTION_COLUMNS = (
    *((c, E5_ITERMAX) for c in EUROPARL),
    (BAM, ["--aligner", "imported:{links}", "--source-labels", "e5-conll", *PPP]),
)
"""Europarl: gold English labels, e5 L8 itermax (no centring: its default); Bambara (our 637): e5-conll English labels,
AccAlign links, PER/ORG/LOC."""


def correction_rows() -> list[Row]:
    """Before (the former behaviour, kept as an option) and after (today's default) each correction."""
    heuristic_k = ["--option", "thr=0", "--option", "k=1"]
    return [
        row("4 before: ilp-fused:align_ner boost=all", "--method", "ilp-fused:align_ner", "--option", "boost=all", NER),
        row("4 after: ilp-fused:align_ner", "--method", "ilp-fused:align_ner", NER),
        row(
            "4 before: ilp-fused:align_ner_spans boost=all",
            "--method",
            "ilp-fused:align_ner_spans",
            "--option",
            "boost=all",
            NER,
        ),
        row("4 after: ilp-fused:align_ner_spans", "--method", "ilp-fused:align_ner_spans", NER),
        row("4 before: ilp-ner boost=all", "--method", "ilp-ner", "--option", "boost=all", NER),
        row("4 after: ilp-ner", "--method", "ilp-ner", NER),
        row(
            "5 before: ilp-align sense=== infeasible=sentence",
            "--method",
            "ilp-align",
            "--option",
            "sense===",
            "--option",
            "infeasible=sentence",
        ),
        row("5 after: ilp-align sense===", "--method", "ilp-align", "--option", "sense==="),
        row(
            "5 before: ilp-align sense=>= infeasible=sentence",
            "--method",
            "ilp-align",
            "--option",
            "sense=>=",
            "--option",
            "infeasible=sentence",
        ),
        row("5 after: ilp-align sense=>=", "--method", "ilp-align", "--option", "sense=>="),
        row("6 off (default): ilp-align", "--method", "ilp-align"),
        row("6 on: ilp-align punct_filter=true", "--method", "ilp-align", "--option", "punct_filter=true"),
        row("7 default: heuristic (source order)", "--method", "heuristic"),
        row("7 thesis code: heuristic order=shortest", "--method", "heuristic", "--option", "order=shortest"),
        row("7 default: heuristic thr=0 k=1", "--method", "heuristic", heuristic_k),
        row(
            "7 thesis code: heuristic thr=0 k=1 order=shortest keep=shortest",
            "--method",
            "heuristic",
            heuristic_k,
            "--option",
            "order=shortest",
            "--option",
            "keep=shortest",
        ),
        row(
            "candidates=ner: ilp-align greedy",
            "--method",
            "ilp-align",
            "--solver",
            "greedy",
            "--option",
            "candidates=ner",
            NER,
        ),
        row("candidates=ner: ilp-align exact", "--method", "ilp-align", "--option", "candidates=ner", NER),
    ]


def column_table(rows: list[Row], columns: tuple[tuple[str, list[str]], ...], heads: tuple[str, ...]) -> list[str]:
    """Like :func:`table`, but each column adds its own arguments (printed in the header lines)."""
    links = accalign_links()
    setups = [(corpus, [a.replace("{links}", links) for a in extra]) for corpus, extra in columns]
    lines = [
        f"- {head}: `xproj project --corpus {corpus} {' '.join(extra)} ...`"
        for head, (corpus, extra) in zip(heads, setups)
    ]
    lines += ["", "| | " + " | ".join(heads) + " | ... (command) |", "|---|" + "---:|" * len(heads) + "---|"]
    for r in rows:
        scores = [fmt(project_f1(corpus, (*extra, *r.args))) for corpus, extra in setups]
        lines.append(f"| {r.label} | " + " | ".join(scores) + f" | `{' '.join(shlex.quote(a) for a in r.args)}` |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines


def bt_project_rows() -> list[Row]:
    """Europarl en→es with Apertium: the paper's route beside direct projection and our ``bt:`` aligner."""
    bt = ["--aligner", "bt:e5", "--aligner-option", "translator=apertium:eng-spa"]
    return [
        row("direct: e5 defaults + heuristic", E5, "--method", "heuristic"),
        row("direct: e5 defaults + ilp-align greedy", E5, "--method", "ilp-align", "--solver", "greedy"),
        row("bt: (ours, composed alignment): bt:e5 + heuristic", bt, "--method", "heuristic"),
        row(
            "bt: (ours, composed alignment): bt:e5 + ilp-align greedy",
            bt,
            "--method",
            "ilp-align",
            "--solver",
            "greedy",
        ),
        row("bt-project:heuristic (paper's align_tgt)", "--method", "bt-project:heuristic"),
        row(
            "bt-project:ilp-align greedy (paper's backtrans_candidates/dummy)",
            "--method",
            "bt-project:ilp-align",
            "--option",
            "inner.solver=greedy",
        ),
        row(
            "bt-project:ilp-align greedy candidates=ner (backtrans_candidates/ner)",
            "--method",
            "bt-project:ilp-align",
            "--option",
            "inner.solver=greedy",
            "--option",
            "inner.candidates=ner",
            NER,
        ),
    ]


TableFunction = Callable[[argparse.Namespace], list[str]]
TABLES: dict[str, TableFunction] = {}


def tables(name: str) -> Callable[[TableFunction], TableFunction]:
    def register(function: TableFunction) -> TableFunction:
        TABLES[name] = function
        return function

    return register


@tables("paper")
def _paper(args: argparse.Namespace) -> list[str]:
    return paper_europarl_table() + [""] + paper_bambara_table()


@tables("europarl")
def _europarl(args: argparse.Namespace) -> list[str]:
    return table(europarl_anchor_rows(), EUROPARL, LANGS)


@tables("centring")
def _centring(args: argparse.Namespace) -> list[str]:
    return table(centring_rows(), EUROPARL, LANGS)


@tables("europarl-paper")
def _europarl_paper(args: argparse.Namespace) -> list[str]:
    return table(europarl_paper_rows(), EUROPARL, LANGS)


@tables("bambara")
def _bambara(args: argparse.Namespace) -> list[str]:
    links = accalign_links()
    return [f"(links: `xproj convert {BAM} --to pharaoh --out {links}`)", ""] + table(
        bambara_rows(links), (BAM,), ("F1 (our 637)",)
    )


@tables("corrections")
def _corrections(args: argparse.Namespace) -> list[str]:
    return column_table(correction_rows(), CORRECTION_COLUMNS, (*LANGS, "bam (our 637)"))


@tables("bt-project")
def _bt_project(args: argparse.Namespace) -> list[str]:
    return table(bt_project_rows(), ("europarl-ner:en-es",), ("es",))


def accalign_links() -> str:
    """The shipped AccAlign links as a Pharaoh file, written by ``xproj convert`` once."""
    if not ACCALIGN.exists():
        ACCALIGN.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.redirect_stdout(io.StringIO()):
            main(["convert", BAM, "--to", "pharaoh", "--out", str(ACCALIGN)])
    return str(ACCALIGN)


def check(rows: list[tuple[str, Row]], count: int) -> None:
    """Re-run the first ``count`` commands as fresh processes, no cache, and compare."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for corpus, r in rows[:count]:
        result = subprocess.run(
            [sys.executable, "-m", "xproj_core", "project", "--corpus", corpus, *r.args, "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        fresh = json.loads(result.stdout.strip().splitlines()[-1])["metrics"]["ALL"]["f1"]
        print(f"{r.command(corpus)}: fresh {fresh:.4f}, table {project_f1(corpus, r.args):.4f}")


def run(args: argparse.Namespace) -> None:
    store = Store(args.cache)
    with ALIGNERS.wrapping(partial(StoredAligner, store=store)), NER_TAGGERS.wrapping(MemoTagger):
        if args.check:
            check([(c, r) for r in europarl_anchor_rows() for c in EUROPARL], args.check)
            return
        for name in args.tables.split(","):
            print(f"\n### {name}\n")
            print("\n".join(TABLES[name](args)), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", default=",".join(TABLES), help=f"comma-separated: {', '.join(TABLES)}")
    parser.add_argument("--check", type=int, default=0, help="re-run the first N commands without cache; compare")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="SQLite cache keeping the alignments")
    run(parser.parse_args())
