"""``xproj demo``: build the embedded demo cache from the vendored data (what the app runs on first start)."""

from __future__ import annotations

import argparse
import time

from ..store import Store
from ..sweep.demo import build_demo
from ._common import add_command, emit


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "demo",
        run,
        help="Build the demo cache from vendored data only (configs/demo.yaml): the best Bambara pipeline with "
        "comparison rows, a Bambara scaling curve (NLLB-Seed, N up to 6193) and Europarl-NER en-de.",
        example="xproj demo --workers 2",
    )
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE or cache/xproj.sqlite)")
    parser.add_argument("--workers", type=int, help="local worker processes (default: the config's, 2)")
    parser.add_argument("--force", action="store_true", help="recompute cells already in the cache")


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    store = Store(args.cache)
    report = build_demo(store, workers=args.workers, force=args.force, show_progress=not args.json)
    wall = time.perf_counter() - start
    emit(
        args,
        {**report.as_dict(), "wall_seconds": round(wall, 1), "cache": str(store.path)},
        lambda: "\n".join(
            [f"xproj: cell failed: {cell}: {error}" for cell, error in report.failed]
            + [
                f"demo: {report.total} cells, {report.written} written, {report.skipped} already cached, "
                f"{len(report.failed)} failed; "
                f"wall time {wall:.1f} s -> {store.path}"
            ]
        ),
    )
    return 130 if report.interrupted else (1 if report.failed else 0)
