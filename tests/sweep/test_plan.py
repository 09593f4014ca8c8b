"""Planning: cells grouped by the alignment they share, signed, marked done; planning writes nothing."""

from tests.fixtures.sweep_config import CONFIG, N_CELLS
from xproj_core.store import Store
from xproj_core.sweep import group_cells, parse_config, plan, run_sweep


def test_group_cells_groups_cells_by_alignment():
    groups = group_cells(parse_config(CONFIG))
    assert len(groups) == 13 and sum(len(g.cells) for g in groups) == N_CELLS
    neural = [g for g in groups if g.aligner.component.spec == "fake-neural"]
    assert len(neural) == 1 and {(c.n, c.parallel, c.seed) for c in neural[0].cells} == {(0, "-", 0)}
    stored = [g for g in groups if g.store_alignments]
    assert all(g.seed == 0 for g in stored) and len(stored) == 7
    seeds = [g.seed for g in groups]
    assert seeds == sorted(seeds)  # the first seed over every N first: an interrupted sweep has whole curves


def test_plan_signs_every_cell_and_marks_done_ones(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    config = parse_config(CONFIG)
    _, planned = plan(config, store)
    assert len(planned) == N_CELLS and not any(p.done for p in planned)
    assert len({str(p.signature) for p in planned}) == N_CELLS
    assert "parallel:captions" in str(next(p.signature for p in planned if p.cell.parallel == "captions"))
    run_sweep(parse_config({**CONFIG, "seeds": [0]}), store, show_progress=False)
    _, planned = plan(config, store)
    assert {p.cell.seed for p in planned if p.done} == {0} and sum(p.done for p in planned) == N_CELLS // 2 + 2


def test_plan_writes_nothing_to_the_cache(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    before = store.sqlite.execute("SELECT total_changes()").fetchone()[0]
    plan(parse_config(CONFIG), store)
    assert store.corpora() == [] and store.count_cells() == 0
    assert store.sqlite.execute("SELECT total_changes()").fetchone()[0] == before
