"""The demo cache, built once in a background process however many app sessions ask for it.

:func:`start_build` takes an exclusive ``fcntl.flock`` on ``demo.lock`` beside the cache and hands the
locked file to a worker process (``python -m xproj_core.demo_job``), which keeps it for the whole build
and writes its progress to ``demo-progress.json`` (atomically, after every cell). A second session, or a
second server, finds the lock taken: it starts nothing and reads the same progress. The kernel drops the
lock when the worker exits or is killed, so a dead build never blocks the next, which resumes (the sweep
skips finished cells). The worker stops, like a Ctrl-C, when the process that started it is gone.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .interrupt import stop_on_signals
from .io.atomic import atomic_write
from .store import REPO_ROOT, Store

LOCK_FILE = "demo.lock"
PROGRESS_FILE = "demo-progress.json"
LOG_FILE = "demo-build.log"
BUILDER = "xproj_core.sweep.demo:build_demo"
"""``module:function`` the worker calls as ``function(store, progress=callback)``: the demo engine."""
STATES = ("idle", "running", "done", "failed", "stopped")


@dataclass(frozen=True)
class DemoProgress:
    """What the build is doing: ``idle`` (never started here), ``running``, ``done``, ``failed``, or
    ``stopped`` (the worker ended before the build did: interrupted or killed)."""

    state: str = "idle"
    fraction: float = 0.0
    message: str = ""
    pid: int | None = None
    updated: float = 0.0
    error: str | None = None


def demo_available() -> bool:
    """Whether this checkout has the demo study (``configs/demo.yaml``)."""
    from .sweep.demo import DEMO_CONFIG

    return DEMO_CONFIG.exists()


def _try_lock(path: Path) -> int | None:
    """An open descriptor holding the exclusive lock on ``path``, or None when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def build_running(cache_dir: Path) -> bool:
    """Whether a worker holds the build lock now."""
    if not (Path(cache_dir) / LOCK_FILE).exists():
        return False
    fd = _try_lock(Path(cache_dir) / LOCK_FILE)
    if fd is None:
        return True
    os.close(fd)
    return False


def read_progress(cache_dir: Path) -> DemoProgress:
    """The build's progress as the worker last wrote it, corrected by whether the lock is still held."""
    path = Path(cache_dir) / PROGRESS_FILE
    try:
        record = DemoProgress(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        record = DemoProgress()
    running = build_running(cache_dir)
    if running and record.state != "running":
        return DemoProgress("running", 0.0, "Starting…", record.pid, record.updated)
    if not running and record.state == "running":
        return DemoProgress("stopped", record.fraction, record.message, record.pid, record.updated, record.error)
    return record


def write_progress(cache_dir: Path, progress: DemoProgress) -> None:
    with atomic_write(Path(cache_dir) / PROGRESS_FILE) as handle:
        handle.write(json.dumps(asdict(progress)))


def start_build(store_path: Path, builder: str | None = None) -> bool:
    """Start the background build into ``store_path`` unless one runs; True when this call started it."""
    store_path = Path(store_path)
    fd = _try_lock(store_path.parent / LOCK_FILE)
    if fd is None:
        return False
    try:
        write_progress(store_path.parent, DemoProgress("running", 0.0, "Starting…", None, time.time()))
        command = [
            sys.executable,
            "-m",
            "xproj_core.demo_job",
            "--store",
            str(store_path),
            "--lock-fd",
            str(fd),
            "--builder",
            builder or BUILDER,
            "--parent",
            str(os.getpid()),
        ]
        with open(store_path.parent / LOG_FILE, "ab") as log:
            env = {**os.environ, "XPROJ_CACHE": str(store_path.parent)}  # the demo writes beside its cache
            subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, pass_fds=(fd,), stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
    finally:
        os.close(fd)  # the worker's copy keeps the lock
    return True


def _stop_with_parent(parent: int) -> None:
    """Interrupt this process (as Ctrl-C would) once ``parent`` has exited."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, daemon=True, name="demo-parent-watch").start()


def run_worker(store_path: Path, builder: str = BUILDER) -> DemoProgress:
    """Build the demo into ``store_path`` (the caller holds the lock), recording progress; the final state."""
    cache_dir = Path(store_path).parent
    started = time.time()
    last = DemoProgress("running", 0.0, "Starting…", os.getpid(), started)

    def report(fraction: float, message: str) -> None:
        nonlocal last
        last = DemoProgress("running", min(max(fraction, 0.0), 1.0), message, os.getpid(), time.time())
        write_progress(cache_dir, last)

    report(0.0, "Starting…")
    module, _, name = builder.partition(":")
    build: Callable[..., object] = getattr(importlib.import_module(module), name)
    error: str | None = None
    try:
        outcome = build(Store(store_path), progress=report)
        interrupted = bool(getattr(outcome, "interrupted", False))
    except KeyboardInterrupt:
        outcome, interrupted = None, True
    except Exception as failure:  # noqa: BLE001 - any failure is reported to the waiting sessions
        outcome, interrupted, error = None, False, f"{type(failure).__name__}: {failure}"
    seconds = time.time() - started
    if error is not None:
        final = DemoProgress("failed", last.fraction, "Failed", os.getpid(), time.time(), error)
    elif interrupted:
        final = DemoProgress("stopped", last.fraction, f"Interrupted after {seconds:.0f} s", os.getpid(), time.time())
    else:
        failed = len(getattr(outcome, "failed", []) or [])
        message = f"Built in {seconds:.0f} s" + (f"; {failed} cell(s) failed" if failed else "")
        final = DemoProgress("done", 1.0, message, os.getpid(), time.time())
    write_progress(cache_dir, final)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the demo cache in the background (started by the app).")
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--lock-fd", type=int, help="inherited descriptor holding the build lock")
    parser.add_argument("--builder", default=BUILDER)
    parser.add_argument("--parent", type=int, help="stop when this process is gone")
    args = parser.parse_args(argv)
    if args.lock_fd is None and _try_lock(args.store.parent / LOCK_FILE) is None:
        return 0  # another worker builds
    if args.parent:
        _stop_with_parent(args.parent)
    with stop_on_signals():  # SIGTERM from the server stops the build like Ctrl-C: "stopped" is recorded
        final = run_worker(args.store, args.builder)
    return {"done": 0, "stopped": 130}.get(final.state, 1)


if __name__ == "__main__":
    sys.exit(main())
