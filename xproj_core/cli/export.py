"""``xproj export``: corrected silver data from the cache (the CLI twin of the app's Export page)."""

from __future__ import annotations

import argparse

from ..browse import resolve_method
from ..export import FORMATS, export
from ..store import Store
from ._common import add_command, emit


def run_export(args: argparse.Namespace) -> int:
    store = Store(args.cache)
    method = resolve_method(store, args.corpus, args.method) if args.method else None
    summary = export(store, args.corpus, args.out, args.format, args.mode, method, args.min_confidence)
    emit(
        args,
        summary.as_dict(),
        lambda: (
            f"wrote {summary.n_sentences} sentences ({summary.n_corrected} corrected, {summary.n_spans} spans; "
            f"types {', '.join(summary.labels) or 'none'}) as {summary.fmt} to {summary.path}"
        ),
    )
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "export",
        run_export,
        help="export corrected silver NER data for a cached corpus (CoNLL, JSONL, HF datasets, spaCy DocBin)",
        example=(
            "xproj export --corpus europarl-ner:en-de --mode all --method e5/heuristic --format conll --out de.conll"
        ),
    )
    parser.add_argument("--corpus", required=True, help="cached corpus name (see the app's home page)")
    parser.add_argument("--out", required=True, help="output file (a directory for --format hf)")
    parser.add_argument("--format", choices=FORMATS, default="conll", help="output format (default: conll)")
    parser.add_argument(
        "--mode",
        choices=("reviewed", "all"),
        default="reviewed",
        help="reviewed: only sentences an annotator touched; all: corrected where reviewed, else --method's projection",
    )
    parser.add_argument(
        "--method", help="projection for sentences without correction: ALIGNER/METHOD[/N] or a full signature"
    )
    parser.add_argument("--min-confidence", type=float, default=0.0, help="drop projected spans scored below this")
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE/xproj.sqlite or cache/xproj.sqlite)")
