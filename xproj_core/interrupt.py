"""Clean stop on Ctrl-C (SIGINT) and SIGTERM, and a quiet end on a closed pipe.

:func:`stop_on_signals` (the block ``xproj``'s ``main`` runs a command in) makes both signals stop the
process within :data:`GRACE_SECONDS` + a fraction, at any moment:

- SIGINT raises ``KeyboardInterrupt`` as usual and SIGTERM raises :class:`Terminated` (a subclass), so
  every ``except KeyboardInterrupt`` that already stops a sweep between two cells handles both — except
  while a module is being imported, where raising can abort the process (see :func:`_importing`).
- A watchdog thread wakes on the signal through :func:`signal.set_wakeup_fd`, also while the main thread
  sits in C code (a torch forward pass, the eflomal binary, a HiGHS solve). It terminates this process's
  descendants at once (sweep workers, the eflomal binary, a local Ray: they only compute, only the parent
  writes the cache) and, if the process still runs ``GRACE_SECONDS`` later, prints the one-line message
  and exits with ``128 + signal``. The cache stays consistent either way: a cell is one SQLite
  transaction, rolled back if the process dies inside it, and SQLite leaves no lock behind a dead process.
- Leaving the block after a signal ends the process at once: the interpreter's own teardown (torch,
  pools) can take seconds on a loaded machine.
- Processes forked afterwards (local sweep workers) ignore SIGINT and take SIGTERM's default action
  (:func:`as_worker`): Ctrl-C in a terminal reaches the whole process group, and the parent alone decides.

:func:`take_over_signals` gives a server whose main thread runs an event loop (``streamlit run app.py``)
the same bound, after its own graceful stop. :func:`quiet_broken_pipe` ends a command whose reader has
gone (``xproj … --json | head -c 100``) without a traceback.

:func:`exit_code` and :func:`message` give the platform's convention (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import atexit
import functools
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

GRACE_SECONDS = 1.5
"""How long the main thread gets to stop by itself after a signal before the watchdog exits hard."""
SIGNALS = (signal.SIGINT, signal.SIGTERM)
BROKEN_PIPE_EXIT = 128 + signal.SIGPIPE


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM."""


_received: list[int] = []
_reported = threading.Event()
_active = False
_taken_over = False


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block (main thread only): the handlers, the watchdog and the fork rule above. Leaving it
    after a stop signal ends the process with ``128 + signal``; else the previous handlers come back
    (``main`` may run inside a test process)."""
    global _active
    if _active or threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    _reported.clear()
    os.environ.setdefault("RAY_DISABLE_FAILURE_SIGNAL_HANDLER", "1")  # else a local Ray prints a stack on SIGTERM
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    previous = {signum: signal.signal(signum, _on_signal) for signum in SIGNALS}
    previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    watchdog = threading.Thread(target=_watch, args=(read_fd,), name="xproj-interrupt-watchdog", daemon=True)
    watchdog.start()
    _active = True
    try:
        yield
    finally:
        if received() is not None:  # the interpreter's teardown (torch, pools) can take seconds: skip it
            signal_descendants(signal.SIGKILL)
            report_stop()
            _exit_with_signal_code()
        _active = False
        signal.set_wakeup_fd(previous_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.close(write_fd)  # the watchdog reads end-of-file and returns (or still enforces the grace period)


def take_over_signals() -> None:
    """For a server whose main thread runs an event loop with its own SIGINT/SIGTERM handlers (Streamlit's
    stop the server gracefully, but may take seconds and exit 0): keep them, and add the bound above —
    descendants terminated at once, ``128 + signal`` after ``GRACE_SECONDS`` at the latest, and on the
    graceful path too (no slow interpreter teardown). Main thread only; idempotent."""
    global _taken_over
    if _taken_over or threading.current_thread() is not threading.main_thread():
        return
    for signum in SIGNALS:
        signal.signal(signum, functools.partial(_then, signal.getsignal(signum)))
    atexit.register(_exit_with_signal_code)
    _taken_over = True


def _then(previous: object, signum: int, frame: object) -> None:
    """Record the signal, arm the hard exit, then let the server's own handler stop it gracefully."""
    first = received() is None
    _note(signum)
    if first:
        signal_descendants(signal.SIGTERM)
        threading.Thread(target=_exit_after_grace, name="xproj-interrupt-grace", daemon=True).start()
    if callable(previous):
        previous(signum, frame)


def _exit_after_grace() -> None:
    time.sleep(GRACE_SECONDS)
    signal_descendants(signal.SIGKILL)
    _exit_with_signal_code()


def _exit_with_signal_code() -> None:
    """At exit after a stop signal: flush, and end with ``128 + signal`` without the interpreter's teardown."""
    if received() is None:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(exit_code())


def received() -> int | None:
    """The first stop signal received, or None."""
    return _received[0] if _received else None


def exit_code(signum: int | None = None) -> int:
    """``128 + signal`` (130 for SIGINT, 143 for SIGTERM); SIGINT when none was received."""
    return 128 + (signum or received() or signal.SIGINT)


def message(signum: int | None = None) -> str:
    """The one line printed on stderr when a command stops on a signal."""
    signum = signum or received() or signal.SIGINT
    what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    return f"xproj: {what}; finished results are kept in the cache, run the command again to resume"


def report_stop() -> int:
    """Print :func:`message` once (the watchdog may race the main thread) and return :func:`exit_code`."""
    if not _reported.is_set():
        _reported.set()
        print(_after_progress_bars() + message(), file=sys.stderr, flush=True)
    return exit_code()


def _after_progress_bars() -> str:
    """A newline when a tqdm bar is still drawn (the main thread may be stuck inside C code), so the message
    gets a line of its own."""
    tqdm_class = getattr(sys.modules.get("tqdm.std"), "tqdm", None)
    return "\n" if getattr(tqdm_class, "_instances", None) else ""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _note(signum)
    if _importing(frame):
        return  # the watchdog ends the process within the grace period
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _importing(frame: FrameType | None) -> bool:
    """Whether the main thread is importing a module. An exception raised there can cross C++ code that cannot
    pass it on (torch's pybind11 module initialisers call back into Python): the process then aborts with
    ``terminate called …`` and exit code -6 instead of stopping cleanly."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


def _note(signum: int) -> None:
    if signum not in _received:
        _received.append(signum)


def _watch(read_fd: int) -> None:
    """Wake on each signal; kill descendants at once, exit hard when the grace period ends (even after the
    block ended: interpreter shutdown may hang too)."""
    deadline: float | None = None
    while True:
        timeout = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        ready, _, _ = select.select([read_fd], [], [], timeout)
        data = os.read(read_fd, 64) if ready else b""
        if ready and not data:  # the block ended
            os.close(read_fd)
            if deadline is None:
                return
            time.sleep(max(deadline - time.monotonic(), 0.0))
        for signum in data:
            if signum in SIGNALS:
                _note(signum)
                if deadline is None:
                    deadline = time.monotonic() + GRACE_SECONDS
                    signal_descendants(signal.SIGTERM)
                else:  # a second signal: no more waiting
                    deadline = time.monotonic()
        if deadline is not None and time.monotonic() >= deadline:
            signal_descendants(signal.SIGKILL)
            os._exit(report_stop())


def as_worker() -> None:
    """Make this process a worker of a stopping parent: SIGINT ignored (Ctrl-C reaches the whole process
    group; the parent decides), SIGTERM kills at once. Forked children get it automatically; pass it as
    ``initializer=`` to a pool that spawns (Python 3.14's default ``forkserver`` does)."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _reset_in_child() -> None:
    """In a child forked inside the block: no inherited watchdog, :func:`as_worker`."""
    global _active
    if _active:
        as_worker()
        _active = False


os.register_at_fork(after_in_child=_reset_in_child)


def descendants(pid: int | None = None) -> list[int]:
    """All descendant process ids of ``pid`` (default: this process), children first (Linux ``/proc``)."""
    found: list[int] = []
    frontier = [pid or os.getpid()]
    while frontier:
        parent = frontier.pop()
        children: list[int] = []
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        found += children
        frontier += children
    return found


def signal_descendants(signum: int, pid: int | None = None) -> list[int]:
    """Send ``signum`` to every descendant of ``pid`` (default: this process); returns their ids."""
    pids = descendants(pid)
    for child in pids:
        try:
            os.kill(child, signum)
        except OSError:  # already gone
            pass
    return pids


def quiet_broken_pipe(run: Callable[[], int]) -> int:
    """Run ``run()``; a reader that closed the pipe (``… | head``) ends it quietly with exit 141."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
        os.close(devnull)
        return BROKEN_PIPE_EXIT
