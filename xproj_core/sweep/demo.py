"""The embedded demo: ``configs/demo.yaml`` run into the cache (``xproj demo``; the app on first start)."""

from __future__ import annotations

from pathlib import Path

from ..store import Store, cache_dir
from .base import Progress, SweepReport
from .config import load_config
from .executors import run_sweep

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


def build_demo(
    store: Store,
    progress: Progress | None = None,
    workers: int | None = None,
    force: bool = False,
    show_progress: bool = False,
) -> SweepReport:
    """Run the demo sweep (configs/demo.yaml) into ``store``; ``progress(fraction, message)`` after each cell.
    ``workers`` defaults to the config's (2: the app's background build uses both cores).

    Resumable like any sweep: cells already in the cache are skipped."""
    export_accalign(cache_dir() / ACCALIGN_LINKS)
    config = load_config(DEMO_CONFIG)
    return run_sweep(config, store, workers=workers, force=force, progress=progress, show_progress=show_progress)
