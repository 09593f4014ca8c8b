import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from xproj_core.errors import XprojError
from xproj_core.runs import expand, load_config, parse_config, plan, run_sweep
from xproj_core.store import Store

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "tests.fixtures.sweep_fakes"

CONFIG = {
    "name": "toy",
    "plugins": [PLUGIN],
    "parallel": {"text": "toy-parallel:text", "captions": "toy-parallel:captions"},
    "seeds": [0, 1],
    "studies": [
        {
            "corpora": ["toy:en-de"],
            "parallel": ["text", "captions"],
            "sizes": [0, 50, 400],
            "source_labels": ["gold", "fake-tagger"],
            "aligners": ["fake-eflomal", "fake-neural"],
            "methods": [{"spec": "fake-project", "solvers": ["greedy", "exact"]}],
        }
    ],
}
# fake-eflomal: 2 sources x 3 N x 2 seeds = 12 draws; fake-neural: 1. Each x 2 solvers x 2 label sets.
N_CELLS = (12 + 1) * 2 * 2


def metrics(store: Store) -> dict[str, float]:
    return {row["signature"]: row["f1"] for row in store.metrics_rows()}


def test_expand_groups_cells_by_alignment():
    groups = expand(parse_config(CONFIG))
    assert len(groups) == 13 and sum(len(g.cells) for g in groups) == N_CELLS
    neural = [g for g in groups if g.aligner.component.spec == "fake-neural"]
    assert len(neural) == 1 and {(c.n, c.parallel, c.seed) for c in neural[0].cells} == {(0, "-", 0)}
    stored = [g for g in groups if g.store_alignments]
    assert all(g.seed == 0 for g in stored) and len(stored) == 7
    seeds = [g.seed for g in groups]
    assert seeds == sorted(seeds)  # the first seed over every N first: an interrupted sweep has whole curves


def test_config_errors_name_the_problem(tmp_path):
    with pytest.raises(XprojError, match=r"\[E700\].*'nope'"):
        parse_config({**CONFIG, "studies": [{**CONFIG["studies"][0], "parallel": ["nope"]}]})
    with pytest.raises(XprojError, match=r"\[E016\].*'sizez'"):
        parse_config({**CONFIG, "sizez": [1]})
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstudies: [\n")
    with pytest.raises(XprojError, match=r"bad.yaml:\d+"):
        load_config(bad)


def test_sweep_runs_once_then_skips_and_force_redoes(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    config = parse_config(CONFIG)
    report = run_sweep(config, store, show_progress=False)
    assert (report.written, report.skipped, report.failed) == (N_CELLS, 0, [])
    assert store.count_cells() == N_CELLS and store.count_sentences("toy:en-de") == 6
    f1 = metrics(store)
    # the fake data-hungry aligner gets better with N; the neural one is perfect and flat
    by_n = {n: [r["f1"] for r in store.metrics_rows(aligner="fake-eflomal", n=n, solver="exact", source_labels="gold")] for n in (0, 400)}
    assert sum(by_n[400]) / len(by_n[400]) > sum(by_n[0]) / len(by_n[0])
    assert {r["f1"] for r in store.metrics_rows(aligner="fake-neural", solver="exact", source_labels="gold")} == {1.0}
    per_type = {r["scope"] for r in store.metrics_rows(scope=None, aligner="fake-neural")}
    assert per_type == {"overall", "PER", "LOC", "ORG"}
    row = store.cells(aligner="fake-eflomal", n=50, seed=1, parallel="captions", solver="greedy", source_labels="gold")[0]
    assert set(eval_json(row["timings"])) == {"load", "align", "labels", "project", "evaluate"} and row["peak_memory_mb"] > 0
    assert store.alignment(Store.alignment_key("fake-eflomal", "text", 50, 0), "toy:en-de", 0) is not None
    assert store.alignment(Store.alignment_key("fake-eflomal", "text", 50, 1), "toy:en-de", 0) is None  # first seed only
    predictions = store.predictions(row["signature"])
    assert len(predictions) == 6 and set(predictions[0]["categories"]) >= {"correct", "missed"}

    calls = []
    again = run_sweep(config, store, show_progress=False, progress=lambda fraction, message: calls.append((fraction, message)))
    assert (again.written, again.skipped) == (0, N_CELLS) and calls == [(0.0, f"0 of {N_CELLS} cells to run")]
    forced = run_sweep(config, store, force=True, show_progress=False)
    assert forced.written == N_CELLS and metrics(store) == f1 and store.count_cells() == N_CELLS


def eval_json(text: str) -> dict:
    import json

    return json.loads(text)


def test_composite_aligners_reuse_the_alignments_of_their_parts(tmp_path):
    from tests.fixtures.sweep_fakes import FakeAligner

    from xproj_core.runs import MemoAligner

    MemoAligner.MEMO.clear()
    FakeAligner.calls.clear()
    study = {**CONFIG["studies"][0], "aligners": ["fake-neural", "fake-eflomal", {"spec": "fake-fused", "uses_n": "b."}], "source_labels": ["gold"]}
    report = run_sweep(parse_config({**CONFIG, "studies": [study]}), Store(tmp_path / "c.sqlite"), show_progress=False)
    assert report.failed == [] and report.written == (1 + 12 + 12) * 2
    assert len(FakeAligner.calls) == len(set(FakeAligner.calls)) == 1 + 12  # fake-fused computed nothing twice


def test_workers_give_the_same_numbers_as_one_process(tmp_path):
    config = parse_config(CONFIG)
    one, two = Store(tmp_path / "one.sqlite"), Store(tmp_path / "two.sqlite")
    run_sweep(config, one, show_progress=False)
    fractions = []
    report = run_sweep(config, two, workers=2, show_progress=False, progress=lambda fraction, _: fractions.append(fraction))
    assert report.written == N_CELLS and metrics(one) == metrics(two)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions) and len(fractions) == N_CELLS + 1


def test_failing_cells_are_reported_and_the_rest_written(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    raw = {**CONFIG, "studies": [{**CONFIG["studies"][0], "source_labels": ["gold", "no-such-tagger"]}]}
    report = run_sweep(parse_config(raw), store, show_progress=False)
    assert report.written == N_CELLS // 2 and len(report.failed) == N_CELLS // 2
    assert "no-such-tagger" in report.failed[0][1]


def test_dry_plan_marks_done_cells(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    config = parse_config(CONFIG)
    _, planned = plan(config, store)
    assert len(planned) == N_CELLS and not any(p.done for p in planned)
    assert len({str(p.signature) for p in planned}) == N_CELLS
    assert "parallel:captions" in str(next(p.signature for p in planned if p.cell.parallel == "captions"))


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
    config.write_text(textwrap.dedent(f"""
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
    """))
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


SWEEP_CONFIGS = sorted(p for p in (ROOT / "configs").glob("*.yaml") if p.stem != "anchors")


@pytest.mark.parametrize("config", SWEEP_CONFIGS, ids=lambda p: p.stem)
def test_shipped_configs_parse(config):
    groups = expand(load_config(config))
    assert groups and all(g.cells for g in groups)


def test_demo_exports_the_accalign_links(tmp_path):
    from xproj_core.runs import export_accalign

    lines = export_accalign(tmp_path / "links.pharaoh").read_text().splitlines()
    assert len(lines) == 637 and lines[0].startswith("0-0 ")
