"""The trained-tagger view of one language as a PNG for the docs, from a given cache.

    python -m bench.tagger_figure --cache cache/xproj.sqlite --lang hau --out docs/tagger-hau.png
    python -m bench.tagger_figure --cache cache/xproj.sqlite --lang hau --by-source --aligner eflomal \
        --out docs/tagger-hau-sources.png
    python -m bench.tagger_figure --cache cache/xproj.sqlite --lang hin --corpus il-ner:hin:test --by-source \
        --aligner eflomal --parallel text --parallel captions --out docs/tagger-hin-il-ner.png
    python -m bench.tagger_figure --cache cache/xproj.sqlite --lang hau --screenshot --out docs/screenshots/tagger.png

By default the Scaling page's figure (``xproj_core.tagger_plots``) is exported by plotly/kaleido with the local
Chromium, its self-contained HTML beside it. ``--screenshot`` instead serves the app on the cache
(``streamlit run app.py``), opens Scaling in headless Chromium, picks the language and saves the whole page.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from xproj_core.plots import write_figure
from xproj_core.store import Store
from xproj_core.tagger_plots import source_figure, tagger_figure, with_setting
from xproj_core.tagger_results import best_setting, tagger_curves, tagger_frame, tagger_table, trained_metrics

VIEWPORT = {"width": 1440, "height": 1500}


def figure_png(
    cache: Path,
    lang: str,
    corpus: str | None,
    scope: str,
    by_source: bool,
    out: Path,
    aligner: str | None = None,
    parallel: list[str] | None = None,
) -> list[str]:
    """Export the figure the Scaling page draws (only aligners whose label starts with ``aligner`` and only
    the ``parallel`` sources when given, zero-shot and gold-trained kept); the files written."""
    frame = tagger_frame(trained_metrics(Store(cache), scope))
    frame = frame[frame["language"] == lang]
    if aligner:
        frame = frame[frame["aligner"].str.startswith(aligner) | (frame["aligner"] == "-")]
    if parallel:
        frame = frame[frame["parallel"].isin(parallel) | (frame["aligner"] == "-")]
    if frame.empty:
        raise SystemExit(f"no trained-tagger cell for language {lang!r} in {cache}")
    corpus = corpus or sorted(frame["corpus"].unique())[0]
    frame = frame[frame["corpus"] == corpus]
    curves = tagger_curves(frame)
    if by_source:
        setting = best_setting(tagger_table(frame).iloc[0])
        curves = curves if setting is None else with_setting(curves, setting)
        detail = "" if setting is None else " · " + " · ".join(p for p in setting if p != "-")
        figure = source_figure(curves, f"{lang} · {corpus}: trained tagger F1 vs N, by parallel source{detail}")
    else:
        figure = tagger_figure(curves, f"{lang} · {corpus}: trained tagger F1 vs N (mean ± 95% interval)")
    written = write_figure(figure, out.parent, out.stem)
    if "png_error" in written:
        raise SystemExit(f"PNG export failed (kaleido needs Chrome/Chromium; set BROWSER_PATH): {written['png_error']}")
    return [written["html"], written["png"]]


def app_cache_file(cache: Path, scratch: Path) -> Path:
    """The cache as a file named ``xproj.sqlite`` (the app reads ``$XPROJ_CACHE/xproj.sqlite``): the cache
    itself, or a consistent copy of it in ``scratch`` when it has another name."""
    if cache.name == "xproj.sqlite":
        return cache
    with sqlite3.connect(cache) as source, sqlite3.connect(scratch / "xproj.sqlite") as copy:
        source.backup(copy)
    return scratch / "xproj.sqlite"


def screenshot(cache: Path, lang: str, by_source: bool, out: Path) -> list[str]:
    """Save the Scaling page's trained-tagger view of ``lang`` as the app shows it."""
    from playwright.sync_api import sync_playwright

    from tests.app.test_browser import ARGS, CHROMIUM, serve, settle

    with tempfile.TemporaryDirectory(prefix="xproj-tagger-figure-") as scratch:
        served = serve(app_cache_file(cache, Path(scratch)))
        with served as (url, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{url}/Scaling")
            settle(page)
            page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
            page.get_by_role("option", name=f"{lang} — ").first.click()
            settle(page)
            if by_source:
                page.get_by_text("trained tagger by parallel source").click()
                settle(page)
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)  # slow under load
            page.wait_for_timeout(1500)  # let plotly and fonts settle
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=True)
            browser.close()
    return [str(out)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="the SQLite cache with trained-tagger cells")
    parser.add_argument("--lang", required=True, help="language (ISO 639-3, as in the cells' pair: hau, hin, …)")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("--corpus", help="gold set (default: the language's first)")
    parser.add_argument("--scope", default="overall", help="overall (default) or an entity type")
    parser.add_argument("--aligner", help="keep aligners whose label starts with this (e.g. eflomal)")
    parser.add_argument(
        "--parallel", action="append", metavar="NAME", help="keep only this parallel source (repeatable; exact name)"
    )
    parser.add_argument("--by-source", action="store_true", help="the image–text view (colour = parallel source)")
    parser.add_argument("--screenshot", action="store_true", help="the whole app page, in headless Chromium")
    args = parser.parse_args()
    if not args.cache.is_file():
        raise SystemExit(f"{args.cache}: no such cache file")
    if args.screenshot:
        written = screenshot(args.cache, args.lang, args.by_source, args.out)
    else:
        written = figure_png(
            args.cache, args.lang, args.corpus, args.scope, args.by_source, args.out, args.aligner, args.parallel
        )
    print("\n".join(f"wrote {path}" for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
