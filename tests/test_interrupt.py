"""Real signals sent to real ``xproj`` processes at chosen moments: inside a torch product, inside the
eflomal binary, inside a HiGHS solve, with local workers and with Ray; the app server idle and while it
builds. Each must exit within :data:`LIMIT` seconds with 130 / 143, leave no process behind, and leave a
cache that the next run completes. A closed stdout pipe ends quietly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from xproj_core import interrupt

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 3.0
PLUGINS = "[tests.fixtures.sweep_fakes, tests.fixtures.stop_points]"
CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def test_exit_codes_and_message_follow_the_platform():
    assert interrupt.exit_code(signal.SIGINT) == 130 and interrupt.exit_code(signal.SIGTERM) == 143
    assert "SIGTERM" in interrupt.message(signal.SIGTERM) and "\n" not in interrupt.message(signal.SIGINT)


def test_main_restores_the_previous_handlers(tmp_path):
    from xproj_core.cli import main

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert (
        main(
            [
                "sweep",
                "--corpus",
                "toy:en-de",
                "--aligner",
                "fake-neural",
                "--method",
                "fake-project",
                "--plugin",
                "tests.fixtures.sweep_fakes",
                "--dry-run",
                "--cache",
                str(tmp_path / "c.sqlite"),
            ]
        )
        == 0
    )
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_an_import_stops_without_an_abort(tmp_path, signum):
    """A stop signal while a module is being imported must not raise there (torch's pybind11 initialisers
    turn it into ``terminate called …`` and exit -6): the watchdog ends the process with the usual code."""
    (tmp_path / "slow_module.py").write_text(
        f"import os, signal, sys, time\nfrom xproj_core import interrupt\n"
        f"IMPORTING = interrupt._importing(sys._getframe())\n"
        f"os.kill(os.getpid(), {int(signum)})\nopen('reached', 'w').write(str(IMPORTING))\ntime.sleep(30)\n"
    )
    script = "from xproj_core import interrupt\nwith interrupt.stop_on_signals():\n    import slow_module\n"
    env = {**xproj_env(), "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == CODES[signum], done.stderr
    assert time.perf_counter() - start < 10
    assert done.stderr.strip().splitlines()[-1] == interrupt.message(signum)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "reached").read_text() == "True"  # the handler did not raise inside the import
    assert not interrupt._importing(sys._getframe())


def write_config(tmp_path: Path, aligners: str, methods: str = "[fake-project]") -> Path:
    """Two toy corpora: the fast ``fake-neural`` cells come first, then the busy component."""
    path = tmp_path / "stop.yaml"
    path.write_text(
        textwrap.dedent(f"""
        name: stop
        plugins: {PLUGINS}
        studies:
          - corpora: [toy:en-de, toy:en-es]
            aligners: {aligners}
            methods: {methods}
    """)
    )
    return path


def alive(pid: int) -> bool:
    """True for a running process (a zombie waiting for its parent counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def assert_gone(pids: list[int], wait: float = 3.0) -> None:
    """Every process of ``pids`` ends within ``wait`` seconds (a killed one may take a moment to go)."""
    deadline = time.time() + wait
    while [pid for pid in pids if alive(pid)] and time.time() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if alive(pid)], f"left running: {pids}"


def stop_at_moment(command: list[str], marker: Path, signum: int, env: dict[str, str]) -> tuple[int, float, str]:
    """Start ``command``, wait until a busy component writes ``marker``, send ``signum``; returns the exit
    code, the seconds from signal to exit, and stderr. Checks that no descendant survives."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "XPROJ_TEST_BUSY": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 240
    while not marker.exists() and process.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    assert process.poll() is None and marker.exists(), "the busy moment was never reached"
    time.sleep(0.5)  # well inside the C call
    tree = interrupt.descendants(process.pid)
    start = time.perf_counter()
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=15)
    finally:
        process.kill()
    seconds = time.perf_counter() - start
    assert_gone(tree)
    return process.returncode, seconds, stderr


def cells(cache: Path) -> int:
    with sqlite3.connect(cache) as conn:
        return conn.execute("SELECT COUNT(DISTINCT signature) FROM cells").fetchone()[0]


def xproj_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


MOMENTS = [
    ("torch", "[fake-neural, busy-torch]", "[fake-project]", signal.SIGINT, []),
    ("torch", "[fake-neural, busy-torch]", "[fake-project]", signal.SIGTERM, []),
    ("eflomal", "[fake-neural, busy-eflomal]", "[fake-project]", signal.SIGTERM, []),
    ("highs", "[fake-neural]", "[fake-project, busy-highs]", signal.SIGINT, []),
    ("workers", "[fake-neural, busy-torch, busy-eflomal]", "[fake-project]", signal.SIGTERM, ["--workers", "2"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "moment, aligners, methods, signum, extra", MOMENTS, ids=[f"{m[0]}-{signal.Signals(m[3]).name}" for m in MOMENTS]
)
def test_sweep_stops_within_the_limit_and_resumes(tmp_path, moment, aligners, methods, signum, extra):
    cache = tmp_path / "c.sqlite"
    command = [
        sys.executable,
        "-m",
        "xproj_core",
        "sweep",
        str(write_config(tmp_path, aligners, methods)),
        "--cache",
        str(cache),
        *extra,
    ]
    code, seconds, stderr = stop_at_moment(command, tmp_path / "marker", signum, xproj_env())
    assert code == CODES[signum], stderr
    assert seconds < LIMIT, f"{moment}: {seconds:.2f} s"
    assert stderr.strip().splitlines()[-1] == interrupt.message(signum)
    assert "Traceback" not in stderr
    kept = cells(cache)
    rerun = subprocess.run(command, cwd=ROOT, env=xproj_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{kept} already cached" in rerun.stdout
    total = 2 * len(aligners.split(",")) * len(methods.split(","))
    assert cells(cache) == total


@pytest.mark.slow
def test_ray_sweep_stops_within_the_limit(tmp_path):
    pytest.importorskip("ray")
    cache = tmp_path / "c.sqlite"
    command = [
        sys.executable,
        "-m",
        "xproj_core",
        "sweep",
        str(write_config(tmp_path, "[busy-eflomal]")),
        "--cache",
        str(cache),
        "--executor",
        "ray",
    ]
    code, seconds, stderr = stop_at_moment(command, tmp_path / "marker", signal.SIGTERM, xproj_env())
    assert code == 143, stderr
    assert seconds < LIMIT
    assert stderr.strip().splitlines()[-1] == interrupt.message(signal.SIGTERM)


def test_closed_pipe_ends_quietly(tmp_path):
    """``xproj … --json | head -c 100``: far more than a pipe holds, the reader gone after 100 bytes."""
    command = [
        sys.executable,
        "-m",
        "xproj_core",
        "sweep",
        "--corpus",
        "toy:en-de",
        "--aligner",
        "fake-eflomal",
        "--method",
        "fake-project",
        "--parallel",
        "text=toy-parallel:text",
        "--sizes",
        ",".join(map(str, range(400))),
        "--plugin",
        "tests.fixtures.sweep_fakes",
        "--dry-run",
        "--json",
        "--cache",
        str(tmp_path / "c.sqlite"),
    ]
    writer = subprocess.Popen(command, cwd=ROOT, env=xproj_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(writer.stdout.read(100)) == 100
    writer.stdout.close()
    _, stderr = writer.communicate(timeout=120)
    assert writer.returncode == interrupt.BROKEN_PIPE_EXIT
    assert stderr == b""


def start_app(cache_dir: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on ``cache_dir`` with one session opened through Streamlit's agent API."""
    import urllib.request

    from tests.app.test_browser import free_port, streamlit_command

    port = free_port()
    command = streamlit_command(port, "--server.fileWatcherType", "none", "--server.enableAgentApi", "true")
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**xproj_env(), "XPROJ_CACHE": str(cache_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://localhost:{port}/_stcore"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/health", timeout=2).read() == b"ok":
                break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.2)
    request = urllib.request.Request(f"{url}/agent/interact", data=b"{}", headers={"Content-Type": "application/json"})
    try:  # returns when the page is drawn, or after its own wait limit while the page still runs
        urllib.request.urlopen(request, timeout=60).read()
    except OSError:
        pass
    return server, url


def stop_app(server: subprocess.Popen, signum: int) -> tuple[int, float]:
    tree = interrupt.descendants(server.pid)
    start = time.perf_counter()
    server.send_signal(signum)
    try:
        server.wait(timeout=15)
    finally:
        server.kill()
    seconds = time.perf_counter() - start
    assert_gone(tree)
    return server.returncode, seconds


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_app_server_stops_within_the_limit(tmp_path, signum):
    """A server that has drawn its first page, then sits idle."""
    from tests.fixtures.synthetic_cache import build_fixture_cache

    build_fixture_cache(tmp_path / "xproj.sqlite").sqlite.close()
    server, _ = start_app(tmp_path)
    time.sleep(1)
    code, seconds = stop_app(server, signum)
    assert code == CODES[signum] and seconds < LIMIT


@pytest.mark.slow
def test_app_server_stops_while_building_the_demo(tmp_path, shared_data):
    """An empty cache: the first session starts the demo build; SIGTERM stops it and the cache is sound."""
    (tmp_path / "models").symlink_to(ROOT / "cache" / "models")
    server, _ = start_app(tmp_path)
    time.sleep(5)
    code, seconds = stop_app(server, signal.SIGTERM)
    assert code == 143 and seconds < LIMIT
    with sqlite3.connect(tmp_path / "xproj.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
