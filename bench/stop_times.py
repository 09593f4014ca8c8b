"""Seconds from a signal to the exit of real ``xproj`` and app processes, at several moments; prints a
Markdown table (command, moment, signal, seconds to exit, exit code). Uses the test components of
``tests/fixtures/stop_points.py`` for the C-code moments and the real demo for the rest.

    PYTHONPATH=. python bench/stop_times.py [--skip-ray] [--skip-demo]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.test_interrupt import MOMENTS, ROOT, start_app, stop_app, stop_at_moment, write_config, xproj_env
from xproj_core import interrupt


def sweep_rows(skip_ray: bool) -> list[tuple[str, str, str, float, int]]:
    moments = list(MOMENTS) + (
        [] if skip_ray else [("ray", "[busy-eflomal]", "[fake-project]", signal.SIGTERM, ["--executor", "ray"])]
    )
    rows = []
    for moment, aligners, methods, signum, extra in moments:
        with tempfile.TemporaryDirectory() as tmp:
            command = [
                sys.executable,
                "-m",
                "xproj_core",
                "sweep",
                str(write_config(Path(tmp), aligners, methods)),
                "--cache",
                f"{tmp}/c.sqlite",
                *extra,
            ]
            code, seconds, _ = stop_at_moment(command, Path(tmp, "marker"), signum, xproj_env())
            rows.append(
                (
                    f"xproj sweep {' '.join(extra)}".strip(),
                    f"inside {moment}",
                    signal.Signals(signum).name,
                    seconds,
                    code,
                )
            )
    return rows


def demo_rows() -> list[tuple[str, str, str, float, int]]:
    """``xproj demo --workers 2`` on an empty cache (converted e5 linked), signalled after a delay."""
    rows = []
    for delay, signum in ((20, signal.SIGINT), (60, signal.SIGTERM)):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "models").symlink_to(ROOT / "cache" / "models")
            process = subprocess.Popen(
                [sys.executable, "-m", "xproj_core", "demo", "--workers", "2"],
                cwd=ROOT,
                env={**xproj_env(), "XPROJ_CACHE": tmp},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            tree = interrupt.descendants(process.pid)
            busy = [Path(f"/proc/{pid}/comm").read_text().strip() for pid in tree if Path(f"/proc/{pid}").exists()]
            start = time.perf_counter()
            process.send_signal(signum)
            process.wait(timeout=30)
            rows.append(
                (
                    "xproj demo --workers 2",
                    f"{delay} s in ({', '.join(busy) or 'no children'})",
                    signal.Signals(signum).name,
                    time.perf_counter() - start,
                    process.returncode,
                )
            )
    return rows


def app_rows(skip_demo: bool) -> list[tuple[str, str, str, float, int]]:
    from tests.fixtures.synthetic_cache import build_fixture_cache

    rows = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        with tempfile.TemporaryDirectory() as tmp:
            build_fixture_cache(Path(tmp, "xproj.sqlite")).sqlite.close()
            server, _ = start_app(Path(tmp))
            time.sleep(1)
            code, seconds = stop_app(server, signum)
            name = signal.Signals(signum).name
            rows.append(("streamlit run app.py", "idle after the first page", name, seconds, code))
    if not skip_demo:
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "models").symlink_to(ROOT / "cache" / "models")
            server, _ = start_app(Path(tmp))
            time.sleep(5)
            code, seconds = stop_app(server, signal.SIGTERM)
            rows.append(("streamlit run app.py", "building the demo (empty cache)", "SIGTERM", seconds, code))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    rows = sweep_rows(args.skip_ray) + ([] if args.skip_demo else demo_rows()) + app_rows(args.skip_demo)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}\n")
    print("| command | moment | signal | seconds to exit | exit code |\n|---|---|---|---:|---:|")
    for command, moment, name, seconds, code in rows:
        print(f"| `{command}` | {moment} | {name} | {seconds:.2f} | {code} |")


if __name__ == "__main__":
    main()
