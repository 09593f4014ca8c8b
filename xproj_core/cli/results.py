"""``xproj results`` (tables) and ``xproj plot`` (scaling figures) from the evaluation cache."""

from __future__ import annotations

import argparse

from ..anchors import published_anchors
from ..plots import figures, markdown, scaling_table, wide_tables, write_figure
from ..store import Store
from ..tagger_results import (
    published_paper_numbers,
    summary_line,
    tagger_frame,
    tagger_markdown,
    tagger_table,
    trained_metrics,
)
from ._common import add_command, emit, split_list


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    results = add_command(
        subparsers,
        "results",
        run_results,
        help="Print result tables from the cache: F1 at each N per aligner/method, mean ± std over seeds; "
        "--tagger: per language, zero-shot vs the best silver-trained tagger vs gold-trained vs the paper.",
        example="xproj results --corpus bam-translate-test --format markdown\n  xproj results --tagger --lang hau,yor",
    )
    plot = add_command(
        subparsers,
        "plot",
        run_plot,
        help="Write scaling plots (F1 vs N per aligner/method, ±std bands) as HTML and PNG.",
        example="xproj plot --corpus bam-translate-test --out docs/",
    )
    for parser in (results, plot):
        parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE or cache/xproj.sqlite)")
        parser.add_argument("--corpus", help="corpora to include, comma-separated (default: all)")
        parser.add_argument("--scope", default="overall", help="overall (default) or an entity type, e.g. PER")
        parser.add_argument(
            "--interval",
            type=float,
            metavar="LEVEL",
            help="show ± the half-width of the LEVEL%% t-interval of the mean over seeds (e.g. 95) instead of ± std",
        )
    results.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown")
    results.add_argument(
        "--tagger",
        action="store_true",
        help="the trained-tagger table (silver-data loop): one row per language and gold set; ± is the 95%% "
        "t-interval unless --interval says otherwise",
    )
    results.add_argument("--lang", help="with --tagger: languages to include, comma-separated (default: all)")
    plot.add_argument("--out", required=True, help="output folder")
    plot.add_argument("--no-png", action="store_true", help="HTML only")
    plot.add_argument(
        "--by-source",
        action="store_true",
        help="one figure per aligner and method, one colour per parallel source (text vs captions)",
    )


def run_results(args: argparse.Namespace) -> int:
    if args.tagger:
        return run_tagger_results(args)
    table = scaling_table(Store(args.cache), split_list(args.corpus), args.scope, interval=args.interval)
    payload = {"rows": table.astype(object).where(table.notna(), None).to_dict(orient="records")}
    if args.format == "csv":
        text = table.to_csv(index=False, float_format="%.4f")
    elif args.format == "json":
        args.json = True
        text = ""
    else:
        text = markdown(table, published_anchors())
    emit(
        args,
        {**payload, "tables": [{"title": t, "rows": f.to_dict(orient="records")} for t, f in wide_tables(table)]},
        lambda: text.rstrip(),
    )
    return 0


def run_tagger_results(args: argparse.Namespace) -> int:
    """``xproj results --tagger``: the per-language trained-tagger table."""
    level = args.interval or 95.0
    frame = tagger_frame(trained_metrics(Store(args.cache), args.scope))
    corpora, languages = split_list(args.corpus), split_list(args.lang)
    if corpora:
        frame = frame[frame["corpus"].isin(corpora)]
    if languages:
        frame = frame[frame["language"].isin(languages)]
    table = tagger_table(frame, published_paper_numbers(), level)
    if args.format == "csv":
        text = table.to_csv(index=False, float_format="%.4f")
    elif args.format == "json":
        args.json = True
        text = ""
    else:
        text = tagger_markdown(table, level)
    rows = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    emit(args, {"rows": rows, "interval": level, "summary": summary_line(table)}, lambda: text.rstrip())
    return 0


def run_plot(args: argparse.Namespace) -> int:
    table = scaling_table(Store(args.cache), split_list(args.corpus), args.scope, interval=args.interval)
    written = [
        write_figure(figure, args.out, stem, png=not args.no_png) for stem, figure in figures(table, args.by_source)
    ]
    failed = [w["png_error"] for w in written if "png_error" in w]
    emit(
        args,
        {"written": written},
        lambda: "\n".join(
            [f"wrote {w['html']}" + (f" and {w['png']}" if "png" in w else "") for w in written]
            + ([f"PNG export failed (kaleido needs Chrome/Chromium; set BROWSER_PATH): {failed[0]}"] if failed else [])
        ),
    )
    return 1 if failed else 0
