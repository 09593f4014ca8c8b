"""End to end in headless Chromium: start `streamlit run app.py` on the fixture cache, walk to a
sentence, accept a projection with its key, export CoNLL and read the file; a correction survives a
kill -9 of the server. With ``XPROJ_SCREENSHOTS=DIR`` every page is saved as a PNG in DIR
(``docs/screenshots`` is made that way)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.fixtures.synthetic_cache import CORPUS, LONG_CORPUS, add_long_corpus
from xproj_core.browse import choose_methods
from xproj_core.io.conll import read_conll
from xproj_core.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, *options: str) -> list[str]:
    """``streamlit run app.py`` headless on ``localhost:port``, no usage statistics, plus ``options``."""
    return [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
        "--server.address", "localhost", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip


@contextmanager
def serve(cache: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app.py` on a free localhost port against ``cache``; yields (url, process)."""
    port = free_port()
    env = {**os.environ, "XPROJ_CACHE": str(cache.parent), "PYTHONPATH": str(ROOT)}
    command = streamlit_command(port, "--server.fileWatcherType", "none")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://localhost:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"streamlit did not start: {process.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.5)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture()
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def shoot(page, name: str) -> None:
    folder = os.environ.get("XPROJ_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1200)  # let plotly and fonts settle
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def go(page, title: str) -> None:
    """Click a page in the top navigation and wait until its script finished."""
    page.get_by_role("link", name=title, exact=True).first.click()
    settle(page)


def settle(page) -> None:
    """Wait until the app's script run is over (the running indicator is gone)."""
    page.set_default_timeout(60_000)
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(300)


def click_download(page, selector: str, ready_text: str):
    """Click a lazy download button and return the download. The button is disabled while a script run
    wires it up; if it stays disabled (seen once in a fresh-clone CI run: a run that never finished in that
    browser session), the page is reloaded — a new session renders the same page — and the click retried."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    enabled = "s => { const b = document.querySelector(s); return b !== null && !b.disabled; }"
    for attempt in range(2):
        try:
            settle(page)
            page.wait_for_function(enabled, arg=selector, timeout=30_000)
            with page.expect_download(timeout=30_000) as download:
                page.locator(selector).click()
            return download.value
        except PlaywrightTimeout:
            if attempt:
                raise
            page.reload()
            page.get_by_text(ready_text).wait_for()
    raise AssertionError("unreachable")


def shortcuts_ready(page) -> int:
    """Keyboard shortcuts are bound a moment after a fresh page load: press → until the sentence moves;
    returns the sentence shown then."""
    field = page.get_by_label("Sentence")
    start = int(field.input_value())
    for _ in range(60):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)
        if int(field.input_value()) != start:
            settle(page)
            return int(field.input_value())
    raise AssertionError("keyboard shortcuts never became active")


def test_walk_accept_export(app_cache, browser, tmp_path):
    db = Store(app_cache)
    first = choose_methods(db, CORPUS, n=1000)[0]
    with serve(app_cache) as (url, _):
        page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        page.goto(url)
        page.get_by_text("Cached corpora").wait_for(timeout=90_000)
        settle(page)
        page.get_by_label("Your name").fill("ada")
        page.get_by_label("Your name").press("Enter")
        settle(page)
        shoot(page, "1-setup")

        go(page, "Sentences")
        page.get_by_text("sentences match").wait_for()
        shoot(page, "2-sentences")
        page.locator(".st-key-open_3 button").click()  # sentence 3 → Compare
        page.get_by_text("Compare methods").wait_for()
        settle(page)
        idx = shortcuts_ready(page)  # keyboard: → moves on from sentence 3
        assert idx > 3
        shoot(page, "3-compare")

        go(page, "Alignments")
        page.locator(".js-plotly-plot").first.wait_for()
        shoot(page, "4-alignments")

        go(page, "Correct")
        page.get_by_text("not edited yet").wait_for()
        page.keyboard.press("1")  # keyboard: accept the first method's projection
        page.get_by_text("Corrected target").wait_for(timeout=30_000)
        settle(page)
        shoot(page, "5-correct")
        page.keyboard.press("Enter")  # keyboard: reviewed, next
        settle(page)
        state = db.correction_state(CORPUS, idx)
        assert state.reviewed and state.annotator == "ada"
        assert state.spans == db.predictions(first.signature, idx)[idx]["spans"]

        go(page, "Scaling")
        page.locator(".js-plotly-plot").first.wait_for()
        shoot(page, "6-scaling")

        go(page, "Export")
        page.get_by_text("Corrected by hand").wait_for()
        shoot(page, "7-export")
        download = click_download(page, ".st-key-exp_download button", "Corrected by hand")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
    assert path.name.endswith(".conll")
    sentences = read_conll(path)
    pair = db.sentence(CORPUS, idx)
    assert len(sentences) == 1 and sentences[0].tokens == pair.tgt_tokens
    expected = ["O"] * len(pair.tgt_tokens)
    for span in state.spans:
        expected[span.start : span.end] = ["B-" + span.label] + ["I-" + span.label] * (len(span) - 1)
    assert sentences[0].tags == expected


def test_correction_survives_kill_9(app_cache, browser):
    with serve(app_cache) as (url, process):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/Correct")
        page.get_by_text("not edited yet").wait_for(timeout=60_000)
        settle(page)
        idx = shortcuts_ready(page)
        page.keyboard.press("2")  # accept the second method's projection
        page.get_by_text("Corrected target").wait_for(timeout=30_000)
        assert Store(app_cache).correction_state(CORPUS, idx).spans is not None
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    with serve(app_cache) as (url, _):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/Correct")
        page.get_by_text("not edited yet").wait_for(timeout=60_000)  # a new session starts at sentence 0
        page.get_by_label("Sentence").fill(str(idx))
        page.get_by_label("Sentence").press("Enter")
        page.get_by_text("Corrected target").wait_for(timeout=60_000)
        page.get_by_text("History of this sentence (1 events)").wait_for()


def test_long_sentences_and_dollar_specs_read_well(tmp_path, browser):
    """A cache holding only 40+ word pairs aligned by specs with ``$``: no formula anywhere (KaTeX draws
    none), aliases in the captions, one matrix per row with every word labelled."""
    cache = tmp_path / "long" / "xproj.sqlite"
    cache.parent.mkdir()
    add_long_corpus(Store(cache))
    with serve(cache) as (url, _):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/Sentences")
        page.get_by_text("sentences match").wait_for(timeout=90_000)
        settle(page)
        assert page.get_by_text("AccAlign (imported)").count() > 0
        assert page.locator(".katex").count() == 0
        go(page, "Alignments")
        page.locator(".js-plotly-plot").first.wait_for()
        settle(page)
        assert page.locator(".katex").count() == 0
        assert page.locator(".js-plotly-plot").count() == 3
        labels = page.locator(".js-plotly-plot").first.locator(".xtick text")
        assert labels.count() == len(Store(cache).sentence(LONG_CORPUS, 0).tgt_tokens)
        boxes = [labels.nth(k).bounding_box() for k in range(labels.count())]
        assert all(b["x"] + 4 < c["x"] for b, c in zip(boxes, boxes[1:]))  # rotated labels step right, apart
        folder = os.environ.get("XPROJ_SCREENSHOTS")
        if folder:  # the whole matrices, at a window tall enough to hold them
            page.set_viewport_size({"width": 1440, "height": 2600})
            page.wait_for_timeout(2500)
            plots = page.locator(".js-plotly-plot")
            plots.first.screenshot(path=str(Path(folder) / "matrix-40-words-after.png"))
            plots.last.screenshot(path=str(Path(folder) / "agreement-40-words-after.png"))


def test_the_sidebar_shows_the_corpus_of_the_language_chosen(app_cache, browser):
    """Choosing another language shows its own corpus and pair in the browser, not the old language's
    (a keyed selectbox kept showing a value its new options no longer held)."""
    from tests.fixtures.tagger_cache import HAU, add_tagger_cells
    from xproj_core.types import Corpus, SentencePair

    store = Store(app_cache)
    add_tagger_cells(store)
    gold = SentencePair("0", "", "hau", [], ["Musa", "ya", "tafi"], [], ["B-PER", "O", "O"])
    store.put_corpus(Corpus(HAU, [gold, gold]))
    with serve(app_cache) as (url, _):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/Sentences")
        page.get_by_text("sentences match").wait_for(timeout=90_000)
        settle(page)
        boxes = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
        shown = lambda: [boxes.nth(k).locator("input").first.get_attribute("value") for k in range(3)]  # noqa: E731
        assert shown() == ["deu — projection", "toy-europarl", "en→de"]
        boxes.first.click()
        page.get_by_role("option", name="hau — ").click()
        page.get_by_text("Scaling with parallel data").wait_for(timeout=60_000)
        settle(page)
        assert shown() == ["hau — trained tagger", "masakhaner2", "hau (target side only)"]
