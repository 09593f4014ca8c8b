"""The Setup page's plan: the sweep planner's cells for a selection, cached or not (xproj_core.coverage)."""

from __future__ import annotations

from tests.fixtures.synthetic_cache import CORPUS, build_fixture_cache
from xproj_core.coverage import corpora_summary, plan_table, sweep_command


def test_plan_follows_the_sweep_planner(tmp_path):
    store = build_fixture_cache(tmp_path / "xproj.sqlite", n_sentences=6)
    plan = plan_table(store, CORPUS, ["e5", "eflomal"], ["heuristic"], [0, 250, 500])
    e5 = plan[plan["aligner spec"] == "e5"]
    assert list(e5["N"]) == [0] and list(e5["status"]) == ["cached (1 seed)"]  # e5 ignores N: one cell
    eflomal = plan[(plan["aligner spec"] == "eflomal") & (plan["parallel data"] == "europarl")]
    assert dict(zip(eflomal["N"], eflomal["status"])) == {
        0: "cached (2 seeds)",
        250: "cached (2 seeds)",
        500: "would be computed",
    }
    assert eflomal["F1"].notna().sum() == 2
    command = sweep_command(store, CORPUS, plan)
    assert "--aligner eflomal" in command and "--sizes 0,500" in command and "--seeds 0,1" in command
    assert store.count_cells() == 18  # planning wrote nothing


def test_corpora_summary(tmp_path):
    store = build_fixture_cache(tmp_path / "xproj.sqlite", n_sentences=6)
    row = corpora_summary(store).iloc[0]
    assert (row["corpus"], row["sentences"], row["cached cells"], row["aligners with matrices"]) == (
        CORPUS,
        6,
        18,
        "e5, eflomal",
    )
