"""A cell run again from its signature alone: same numbers, the parallel spec from the cache, clear errors."""

import json

import pytest

from tests.fixtures.sweep_config import CONFIG, PLUGIN
from tests.sweep.test_tagger import config as tagger_config
from tests.sweep.test_tagger import files  # noqa: F401 - the tagger fixture
from xproj_core.cli import main
from xproj_core.errors import XprojError
from xproj_core.store import Store
from xproj_core.sweep import parse_config, run_sweep
from xproj_core.sweep.reproduce import draw_prefix, reproduce


@pytest.fixture
def swept(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    run_sweep(parse_config(CONFIG), store, show_progress=False)
    return store


def signature_of(store: Store, **where) -> str:
    rows = store.cells(**where)
    assert len(rows) == 1
    return rows[0]["signature"]


def test_a_drawn_projection_cell_comes_back_with_the_same_numbers(swept):
    text = signature_of(
        swept, aligner="fake-eflomal", n=50, seed=1, parallel="captions", solver="greedy", source_labels="fake-tagger"
    )
    result = reproduce(text, swept, plugins=(PLUGIN,), progress=False)
    assert result.parallel_spec == "toy-parallel:captions"  # read from the cached cell's settings
    assert result.identical is True and result.rerun == result.cached
    assert result.notes == []  # a projection cell trains nothing, and fake-eflomal is not eflomal
    other = signature_of(
        swept, aligner="fake-eflomal", n=0, seed=1, parallel="captions", solver="greedy", source_labels="fake-tagger"
    )
    assert reproduce(other, swept, plugins=(PLUGIN,), progress=False).rerun["f1"] != result.rerun["f1"]


def test_a_cell_whose_cached_numbers_moved_is_reported_different(swept, capsys):
    text = signature_of(swept, aligner="fake-neural", solver="exact", source_labels="gold")
    swept.sqlite.execute("UPDATE metrics SET f1 = 0.5 WHERE signature = ? AND scope = 'overall'", [text])
    swept.sqlite.conn.commit()
    code = main(["reproduce", text, "--cache", str(swept.path), "--plugin", PLUGIN, "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1 and payload["identical"] is False
    assert payload["cached"]["f1"] == 0.5 and payload["rerun"]["f1"] == pytest.approx(1.0)


def test_tagger_cells_and_baselines_are_rebuilt(files, tmp_path):  # noqa: F811 - the fixture
    paths, _ = files
    store = Store(tmp_path / "t.sqlite")
    run_sweep(parse_config(tagger_config(paths)), store, workers=1, show_progress=False)
    for training, n in (("head", 20), ("zero-shot", 0)):
        result = reproduce(signature_of(store, training=training, n=n, seed=0), store, progress=False)
        assert result.identical is True, training
        assert result.parallel_spec == (paths["parallel"] if training == "head" else None)


def test_a_role_a_cell_draws_for_its_aligner_again(files, tmp_path):  # noqa: F811 - the fixture
    paths, _ = files
    raw = tagger_config(paths, role="alignment", labelled=paths["parallel"], aligners=["fake-eflomal"], sizes=[0, 20])
    store = Store(tmp_path / "a.sqlite")
    run_sweep(parse_config(raw), store, workers=1, show_progress=False)
    text = signature_of(store, training=f"head/labelled={paths['parallel']}", n=20, seed=1)
    result = reproduce(text, store, progress=False)
    assert result.identical is True and result.parallel_spec == paths["parallel"]
    assert not [n for n in result.notes if "built as" in n]  # the aligner drew the same N pairs


def test_what_the_signature_cannot_say_is_asked_for_and_changed_data_refused(swept, tmp_path):
    text = signature_of(
        swept, aligner="fake-eflomal", n=50, seed=0, parallel="text", solver="exact", source_labels="gold"
    )
    empty = Store(tmp_path / "empty.sqlite")
    with pytest.raises(XprojError, match="E954"):  # not cached: the spec of `text` is unknown
        reproduce(text, empty, plugins=(PLUGIN,), progress=False)
    result = reproduce(text, empty, "toy-parallel:text", plugins=(PLUGIN,), progress=False)
    assert result.identical is None and result.rerun["f1"] == swept.metrics_rows(signature=text)[0]["f1"]
    with pytest.raises(XprojError, match="E956"):
        reproduce(text.replace("|data:", "|data:0"), swept, "toy-parallel:text", plugins=(PLUGIN,), progress=False)
    with pytest.raises(XprojError, match="E955"):
        reproduce("corpus:toy:en-de|N:ten", swept, plugins=(PLUGIN,), progress=False)


def test_a_fused_aligner_draws_through_its_data_hungry_half():
    assert draw_prefix("eflomal") == "" and draw_prefix("e5") == ""
    assert draw_prefix("fused:e5+eflomal") == "b." and draw_prefix("fused:eflomal+e5@0.7") == "a."
