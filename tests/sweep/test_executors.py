"""Running sweeps: skip and force, worker processes and Ray give the same numbers, failures, kill -9 and resume."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.fixtures.sweep_config import CONFIG, N_CELLS, PLUGIN, ROOT, metrics
from xproj_core.errors import XprojError
from xproj_core.store import Store
from xproj_core.sweep import parse_config, run_sweep


def test_sweep_runs_once_then_skips_and_force_redoes(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    config = parse_config(CONFIG)
    report = run_sweep(config, store, show_progress=False)
    assert (report.written, report.skipped, report.failed) == (N_CELLS, 0, [])
    assert store.count_cells() == N_CELLS and store.count_sentences("toy:en-de") == 6
    f1 = metrics(store)
    # the fake data-hungry aligner gets better with N; the neural one is perfect and flat
    by_n = {
        n: [r["f1"] for r in store.metrics_rows(aligner="fake-eflomal", n=n, solver="exact", source_labels="gold")]
        for n in (0, 400)
    }
    assert sum(by_n[400]) / len(by_n[400]) > sum(by_n[0]) / len(by_n[0])
    assert {r["f1"] for r in store.metrics_rows(aligner="fake-neural", solver="exact", source_labels="gold")} == {1.0}
    per_type = {r["scope"] for r in store.metrics_rows(scope=None, aligner="fake-neural")}
    assert per_type == {"overall", "PER", "LOC", "ORG"}
    row = store.cells(aligner="fake-eflomal", n=50, seed=1, parallel="captions", solver="greedy", source_labels="gold")[
        0
    ]
    assert (
        set(eval_json(row["timings"])) == {"load", "align", "labels", "project", "evaluate"}
        and row["peak_memory_mb"] > 0
    )
    assert store.alignment(Store.alignment_key("fake-eflomal", "text", 50, 0), "toy:en-de", 0) is not None
    assert (
        store.alignment(Store.alignment_key("fake-eflomal", "text", 50, 1), "toy:en-de", 0) is None
    )  # first seed only
    predictions = store.predictions(row["signature"])
    assert len(predictions) == 6 and set(predictions[0]["categories"]) >= {"correct", "missed"}

    calls = []
    again = run_sweep(
        config, store, show_progress=False, progress=lambda fraction, message: calls.append((fraction, message))
    )
    assert (again.written, again.skipped) == (0, N_CELLS) and calls == [(0.0, f"0 of {N_CELLS} cells to run")]
    forced = run_sweep(config, store, force=True, show_progress=False)
    assert forced.written == N_CELLS and metrics(store) == f1 and store.count_cells() == N_CELLS


def eval_json(text: str) -> dict:
    import json

    return json.loads(text)


def test_workers_give_the_same_numbers_as_one_process(tmp_path):
    config = parse_config(CONFIG)
    one, two = Store(tmp_path / "one.sqlite"), Store(tmp_path / "two.sqlite")
    run_sweep(config, one, show_progress=False)
    fractions = []
    report = run_sweep(
        config, two, workers=2, show_progress=False, progress=lambda fraction, _: fractions.append(fraction)
    )
    assert report.written == N_CELLS and metrics(one) == metrics(two)
    assert (
        fractions[0] == 0.0
        and fractions[-1] == 1.0
        and fractions == sorted(fractions)
        and len(fractions) == N_CELLS + 1
    )


def test_an_unknown_executor_is_a_coded_error(tmp_path):
    with pytest.raises(XprojError, match=r"\[E016\] invalid option '--executor=threads': choose from local, ray"):
        run_sweep(parse_config(CONFIG), Store(tmp_path / "c.sqlite"), executor="threads", show_progress=False)


def test_workers_reuse_the_source_labels_the_parent_tagged_once(tmp_path, monkeypatch):
    from tests.fixtures.sweep_fakes import FakeTagger
    from xproj_core.sweep import worker

    worker.source_spans.cache_clear()  # earlier tests in this process tagged the same corpus
    calls = tmp_path / "tag-calls"
    tag = FakeTagger.tag

    def counted(self, sentences):
        with calls.open("a") as handle:  # forked workers inherit the patch: any call of theirs shows here
            handle.write(f"{os.getpid()}\n")
        return tag(self, sentences)

    monkeypatch.setattr(FakeTagger, "tag", counted)
    config = parse_config({**CONFIG, "workers": 2})
    assert config.workers == 2
    report = run_sweep(config, Store(tmp_path / "c.sqlite"), show_progress=False)  # workers from the config
    assert report.written == N_CELLS and calls.read_text().split() == [str(os.getpid())]


def test_failing_cells_are_reported_and_the_rest_written(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    raw = {**CONFIG, "studies": [{**CONFIG["studies"][0], "source_labels": ["gold", "no-such-tagger"]}]}
    report = run_sweep(parse_config(raw), store, show_progress=False)
    assert report.written == N_CELLS // 2 and len(report.failed) == N_CELLS // 2
    assert "no-such-tagger" in report.failed[0][1]


@pytest.mark.slow
def test_ray_executor_matches_local(tmp_path, monkeypatch):
    ray = pytest.importorskip("ray")
    config = parse_config(CONFIG)
    local, distributed = Store(tmp_path / "local.sqlite"), Store(tmp_path / "ray.sqlite")
    run_sweep(config, local, show_progress=False)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        report = run_sweep(config, distributed, executor="ray", show_progress=False)
    finally:
        ray.shutdown()
    assert report.written == N_CELLS and report.failed == []
    assert metrics(local) == metrics(distributed)


def count_cells(path: Path) -> int:
    """Finished cells, read without taking part in the writer's schema set-up."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM cells").fetchone()[0]
    except sqlite3.OperationalError:  # no file or no table yet
        return 0


def test_kill_9_mid_sweep_then_resume_loses_nothing(tmp_path):
    cache = tmp_path / "c.sqlite"
    config = tmp_path / "slow.yaml"
    config.write_text(
        textwrap.dedent(f"""
        name: slow
        plugins: [{PLUGIN}, tests.fixtures.slow_projector]
        seeds: [0, 1, 2, 3]
        parallel: {{text: "toy-parallel:text"}}
        studies:
          - corpora: [toy:en-de]
            parallel: [text]
            sizes: [0, 10, 20, 40, 80]
            aligners: [fake-eflomal]
            methods: [slow-project]
    """)
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "xproj_core", "sweep", str(config), "--cache", str(cache)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None and count_cells(cache) < 5:
        time.sleep(0.1)
    assert process.poll() is None, "the sweep ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = Store(cache)
    before = store.count_cells()
    assert 5 <= before < 20
    finished = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    rows = store.sqlite.execute("SELECT COUNT(*), COUNT(DISTINCT signature) FROM cells").fetchone()
    assert rows == (20, 20)
    assert store.sqlite.execute("SELECT COUNT(*) FROM predictions").fetchone()[0] == 20 * 6


def _dies_on_the_neural_aligner(group):
    """dispatch.run_group, but the worker dies on the fake neural aligner's groups (module level: it is pickled)."""
    from xproj_core.sweep import dispatch
    from xproj_core.sweep.config import import_plugins

    if group.aligner is not None and group.aligner.component.spec == "fake-neural":
        os._exit(137)  # what the kernel's out-of-memory killer leaves behind
    import_plugins(group.plugins)
    return list(dispatch.iter_outcomes(group))


def test_a_worker_killed_by_the_system_fails_its_cells_with_a_clear_error(tmp_path, monkeypatch):
    from xproj_core.sweep import dispatch

    monkeypatch.setattr(dispatch, "run_group", _dies_on_the_neural_aligner)
    store = Store(tmp_path / "c.sqlite")
    report = run_sweep(parse_config(CONFIG), store, workers=2, show_progress=False)
    assert report.failed and report.written + len(report.failed) == N_CELLS
    assert all("worker process ended abruptly" in error for _, error in report.failed)
    assert store.count_cells() == report.written  # what finished is kept
