"""``xproj demo``: build the embedded demo cache from the vendored data (what the app runs on first start)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..runs import Progress, SweepReport, load_config, run_sweep
from ..store import Store, cache_dir
from ._common import add_command, emit

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "configs" / "demo.yaml"


ACCALIGN_LINKS = "demo/accalign-bam.pharaoh"
"""Under the cache folder: the published AccAlign links of bam-translate-test, for ``imported:``."""


def export_accalign(path: Path) -> Path:
    """Write the AccAlign links the Bambara translate-test corpus carries as a Pharaoh file (one line per pair)."""
    from ..datasets import load_corpus
    from ..io.atomic import atomic_write
    from ..io.links import corpus_alignments
    from ..io.pharaoh import format_links

    with atomic_write(path) as handle:
        for sure, possible in corpus_alignments(load_corpus("bam-translate-test")):
            handle.write(format_links(sure, possible) + "\n")
    return path


def build_demo(store: Store, progress: Progress | None = None, workers: int = 1, force: bool = False, show_progress: bool = False) -> SweepReport:
    """Run the demo sweep (configs/demo.yaml) into ``store``; ``progress(fraction, message)`` after each cell.

    Resumable like any sweep: cells already in the cache are skipped."""
    export_accalign(cache_dir() / ACCALIGN_LINKS)
    return run_sweep(load_config(DEMO_CONFIG), store, workers=workers, force=force, progress=progress, show_progress=show_progress)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "demo", run,
        help="Build the demo cache from vendored data only: Europarl-NER en->de/es/it and the Bambara scaling study (NLLB-Seed, N up to 6193).",
        example="xproj demo --workers 2",
    )
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE or cache/xproj.sqlite)")
    parser.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")
    parser.add_argument("--force", action="store_true", help="recompute cells already in the cache")


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    store = Store(args.cache)
    report = build_demo(store, workers=args.workers, force=args.force, show_progress=not args.json)
    wall = time.perf_counter() - start
    emit(args, {**report.as_dict(), "wall_seconds": round(wall, 1), "cache": str(store.path)}, lambda: "\n".join(
        [f"xproj: cell failed: {cell}: {error}" for cell, error in report.failed]
        + [f"demo: {report.total} cells, {report.written} written, {report.skipped} already cached, {len(report.failed)} failed; "
           f"wall time {wall:.1f} s -> {store.path}"]
    ))
    return 130 if report.interrupted else (1 if report.failed else 0)
