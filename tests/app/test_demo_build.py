"""The demo cache is built once, in a background process, however many sessions open an empty cache."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.app.fake_demo import RELEASE, STARTS
from tests.app.test_pages import PAGES, open_app
from xproj_core.demo_job import PROGRESS_FILE, build_running, read_progress, start_build

ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.app.fake_demo:build"


def wait_for(condition, timeout: float = 90.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.2)


def starts(folder: Path) -> list[str]:
    path = folder / STARTS
    return path.read_text().split() if path.exists() else []


@pytest.fixture()
def empty_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path))
    monkeypatch.setattr("xproj_core.demo_job.BUILDER", FAKE)
    yield tmp_path
    (tmp_path / RELEASE).touch()
    wait_for(lambda: not build_running(tmp_path))


def test_two_sessions_share_one_background_build(empty_cache):
    first = open_app()
    assert any("Building the demo cache" in i.value for i in first.info)
    wait_for(lambda: len(starts(empty_cache)) == 1)
    second = open_app()  # opened while the first session's build runs
    assert any("Building the demo cache" in i.value for i in second.info)
    assert read_progress(empty_cache).state == "running"
    (empty_cache / RELEASE).touch()
    wait_for(lambda: read_progress(empty_cache).state == "done")
    for session in (second, first):
        session.run()
        assert not session.exception
        assert {m.label: m.value for m in session.metric}["Sentence pairs"] == "5"
        assert not any("Building the demo cache" in i.value for i in session.info)
    assert len(starts(empty_cache)) == 1  # one build for both sessions


def test_racing_workers_build_once(tmp_path):
    store = tmp_path / "xproj.sqlite"
    command = [sys.executable, "-m", "xproj_core.demo_job", "--store", str(store), "--builder", FAKE]
    workers = [subprocess.Popen(command, cwd=ROOT) for _ in range(3)]
    wait_for(lambda: len(starts(tmp_path)) == 1)
    wait_for(lambda: sum(w.poll() == 0 for w in workers) == 2)  # the two that found the lock taken left
    assert len(starts(tmp_path)) == 1 and build_running(tmp_path)  # while the third still builds
    (tmp_path / RELEASE).touch()
    assert [w.wait(timeout=90) for w in workers] == [0, 0, 0]
    assert len(starts(tmp_path)) == 1 and read_progress(tmp_path).state == "done"


def test_a_killed_build_leaves_no_stale_lock_and_resumes(tmp_path, monkeypatch):
    store = tmp_path / "xproj.sqlite"
    assert start_build(store, FAKE)
    assert not start_build(store, FAKE)  # already running: nothing started
    wait_for(lambda: len(starts(tmp_path)) == 1)
    os.kill(int(starts(tmp_path)[0]), signal.SIGKILL)
    wait_for(lambda: not build_running(tmp_path))
    assert read_progress(tmp_path).state == "stopped"  # its record still said running: the lock says otherwise
    assert start_build(store, FAKE)  # the kernel released the dead worker's lock
    wait_for(lambda: len(starts(tmp_path)) == 2)
    (tmp_path / RELEASE).touch()
    wait_for(lambda: read_progress(tmp_path).state == "done")
    assert (tmp_path / PROGRESS_FILE).exists()


def test_worker_stops_when_its_parent_is_gone(tmp_path):
    store = tmp_path / "xproj.sqlite"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from xproj_core.demo_job import start_build; "
            f"start_build({str(store)!r}, {FAKE!r}); time.sleep(60)",
        ],
        cwd=ROOT,
    )
    wait_for(lambda: len(starts(tmp_path)) == 1)
    parent.kill()
    parent.wait()
    wait_for(lambda: not build_running(tmp_path), timeout=30)
    assert read_progress(tmp_path).state == "stopped"


def test_sidebar_selects_aligners_that_arrive_later(tmp_path, monkeypatch):
    """A session opened between the first corpus and the first cell selects the aligners once they exist."""
    from tests.fixtures.synthetic_cache import CORPUS, build_fixture_cache, make_pair
    from xproj_core.store import Store
    from xproj_core.types import Corpus

    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path))
    pairs = [make_pair(i)[0] for i in range(5)]
    Store(tmp_path / "xproj.sqlite").put_corpus(Corpus(CORPUS, pairs))
    at = open_app(PAGES[0])
    assert at.multiselect(key="xp_aligners").value == []
    build_fixture_cache(tmp_path / "xproj.sqlite", n_sentences=5)
    at.run()
    assert at.multiselect(key="xp_aligners").value == ["e5", "eflomal"]
    at.multiselect(key="xp_aligners").unselect("e5").run()
    at.run()
    assert at.multiselect(key="xp_aligners").value == ["eflomal"]  # a choice the user made stays


def test_a_failed_build_is_shown_with_a_retry(empty_cache):
    assert start_build(empty_cache / "xproj.sqlite", "tests.app.fake_demo:fail")
    wait_for(lambda: read_progress(empty_cache).state == "failed")
    progress = read_progress(empty_cache)
    assert progress.error == "RuntimeError: no $HOME for the demo" and progress.fraction == 0.2
    at = open_app()  # a failed build is not restarted behind the user's back
    assert at.error and "no \\$HOME for the demo" in at.error[0].value
    assert starts(empty_cache) == []
    at.button(key="xp_demo_retry").click().run()  # the retry uses the configured engine (the stand-in here)
    wait_for(lambda: len(starts(empty_cache)) == 1)
