"""A newcomer's first run, timed: ``streamlit run app.py`` on a fresh, empty ``XPROJ_CACHE`` (no converted
e5 model either), opened in headless Chromium; prints the seconds until the server answers, until the
first demo cells land (pages usable), until the shared demo build says done, and until the Sentences
page shows the Bambara corpus, with the CPU seconds the build used and the load average.

    python -m bench.first_run [--screenshot docs/screenshots/first-run.png] [--port 8599]

The install (``./quickstart.sh install``) is not included: run it first. The timings are what
``./quickstart.sh app`` takes after the install, on this machine; on a busy machine the CPU seconds
(divided by the cores) predict the idle wall time better than the wall time itself.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tests.app.test_browser import ARGS, CHROMIUM, free_port, streamlit_command  # noqa: E402
from xproj_core.demo_job import PROGRESS_FILE  # noqa: E402
from xproj_core.interrupt import descendants  # noqa: E402


class TreeCpu:
    """CPU seconds (user + system) of a process and its descendants, sampled every half second from
    /proc: the last value seen per process is kept after it exits (a process's own time only, so a
    worker is not counted again in its parent's reaped-children time)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.seen, self.stop = pid, {}, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self.stop.wait(0.5):
            for pid in [self.pid, *descendants(self.pid)]:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.seen[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    def seconds(self) -> float:
        self.stop.set()
        self.thread.join()
        return round(sum(self.seen.values()), 1)


def wait_until(check, timeout: float, what: str, interval: float = 0.5) -> float:
    """Poll ``check()`` until true; the moment it was (``time.perf_counter``)."""
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)
    return time.perf_counter()


def progress_state(cache: Path) -> dict:
    try:
        return json.loads((cache / PROGRESS_FILE).read_text())
    except (OSError, ValueError):
        return {}


def healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


def first_run(port: int, screenshot: Path | None, timeout: float) -> dict[str, float | str]:
    from playwright.sync_api import sync_playwright

    from xproj_core.store import Store

    cache = Path(tempfile.mkdtemp(prefix="xproj-first-run-"))
    env = {**os.environ, "XPROJ_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    command = streamlit_command(port)
    url = f"http://localhost:{port}"
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = TreeCpu(server.pid)
    times: dict[str, float | str] = {"cache": str(cache)}
    try:
        times["server_s"] = wait_until(lambda: healthy(url), 120, "server") - start
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url)
            page.get_by_text("Building the demo cache").wait_for(timeout=120_000)
            times["page_s"] = time.perf_counter() - start
            if screenshot:
                page.wait_for_timeout(1500)
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
            store = Store(cache / "xproj.sqlite")
            times["first_cells_s"] = wait_until(lambda: store.count_cells() > 0, timeout, "first cells") - start
            done = wait_until(lambda: progress_state(cache).get("state") in ("done", "failed"), timeout, "build")
            times["build_done_s"] = done - start
            times["build_state"] = progress_state(cache).get("state", "?")
            times["build_message"] = progress_state(cache).get("message", "")
            page.goto(f"{url}/Sentences")
            page.get_by_text("bam-translate-test").first.wait_for(timeout=120_000)
            page.get_by_text("sentences match").wait_for(timeout=120_000)
            times["sentences_page_s"] = time.perf_counter() - start
            browser.close()
    finally:
        times["server_and_build_cpu_s"] = cpu.seconds()
        server.terminate()
        server.wait(timeout=30)
    times["load_average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--screenshot", type=Path, help="save the first page a newcomer sees as this PNG")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the build")
    args = parser.parse_args()
    times = first_run(args.port or free_port(), args.screenshot, args.timeout)
    for key, value in times.items():
        print(f"{key}: {round(value, 1) if isinstance(value, float) else value}")
    print(f"first run: {times['sentences_page_s']:.1f} s from `streamlit run app.py` to the Bambara Sentences page")
    return 0 if times.get("build_state") == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
