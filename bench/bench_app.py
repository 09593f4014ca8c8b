"""Render time of a cached sentence view through streamlit's AppTest (goal: under 0.5 s).

Builds the fixture cache (or uses ``--cache DIR`` holding xproj.sqlite, e.g. the demo cache), opens each
sentence page once to warm the caches, then times full script runs while stepping through sentences.

    python -m bench.bench_app [--runs 20] [--cache DIR]   # from the repository root: it imports tests.fixtures
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = {
    "Compare": "app_pages/compare.py",
    "Alignments": "app_pages/alignments.py",
    "Correct": "app_pages/correct.py",
    "Sentences": "app_pages/sentences.py",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cache", help="directory with xproj.sqlite (default: a fresh fixture cache)")
    args = parser.parse_args()
    if args.cache:
        os.environ["XPROJ_CACHE"] = args.cache
    else:
        from tests.fixtures.synthetic_cache import build_fixture_cache

        folder = tempfile.mkdtemp(prefix="xproj-bench-")
        build_fixture_cache(Path(folder) / "xproj.sqlite")
        os.environ["XPROJ_CACHE"] = folder
    from streamlit.testing.v1 import AppTest

    print(f"cache: {os.environ['XPROJ_CACHE']}; {args.runs} timed runs per page after one warm-up")
    print("| page | median s | mean s | max s |\n|---|---|---|---|")
    for name, page in PAGES.items():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        times = []
        for k in range(args.runs):
            at.session_state["xp_idx"] = k % 10
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, [e.value for e in at.exception]
        print(f"| {name} | {statistics.median(times):.3f} | {statistics.mean(times):.3f} | {max(times):.3f} |")


if __name__ == "__main__":
    main()
