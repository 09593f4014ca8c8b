import pytest

from tests.fixtures.tagger_cache import HAU, add_tagger_cells
from xproj_core.store import Store
from xproj_core.tagger_plots import line_names, silver_settings, source_figure, tagger_figure, with_setting
from xproj_core.tagger_results import tagger_curves, tagger_frame, trained_metrics


@pytest.fixture()
def curves(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    add_tagger_cells(store)
    curves = tagger_curves(tagger_frame(trained_metrics(store)))
    return curves[curves["corpus"] == HAU]


def lines(figure) -> dict:
    return {t.name: t for t in figure.data if t.showlegend is not False and t.name}


def test_one_line_per_setting_with_baselines(curves):
    shown = lines(tagger_figure(curves))
    assert set(shown) == {
        "captions · head",
        "captions · head/labelled=mafand:en-hau:train",
        "mafand · head",
        "mafand · head/labelled=mafand:en-hau:train",
        "zero-shot (English tagger)",
        "gold-trained (head), 5000 sentences",
    }
    zero, gold = shown["zero-shot (English tagger)"], shown["gold-trained (head), 5000 sentences"]
    assert zero.line.dash == "dash" and list(zero.y) == [40.0, 40.0] and list(zero.x) == [500, 1000]
    assert gold.line.dash == "dot" and list(gold.y) == [80.0, 80.0]
    mafand = shown["mafand · head"]
    assert list(mafand.x) == [500, 1000] and list(mafand.y) == pytest.approx([52.0, 62.0])
    assert mafand.error_y.visible is False  # a band, not a bar
    assert shown["mafand · head/labelled=mafand:en-hau:train"].error_y.visible is True  # one N: a bar


def test_a_wide_n_range_is_a_log_axis_ticked_at_the_sizes(curves):
    assert tagger_figure(curves).layout.xaxis.type == "linear"  # 500 and 1000
    axis = tagger_figure(curves.assign(n=curves["n"].replace(1000, 4000))).layout.xaxis
    assert axis.type == "log" and list(axis.tickvals) == [500, 4000] and list(axis.ticktext) == ["500", "4,000"]


def test_source_view_panels_per_role_colours_per_source(curves):
    (setting,) = silver_settings(curves)
    assert setting == ("eflomal", "heuristic", "-", "head")
    figure = source_figure(with_setting(curves, setting))
    assert [a.text for a in figure.layout.annotations] == ["A: alignment data", "B: projected data"]
    traces = [t for t in figure.data if t.mode == "lines+markers"]
    by_panel = {(t.name, t.xaxis) for t in traces}
    assert by_panel == {("captions", "x"), ("mafand", "x"), ("captions", "x2"), ("mafand", "x2")}
    colours = {t.name: t.line.color for t in traces}
    assert all(t.line.color == colours[t.name] for t in traces) and colours["captions"] != colours["mafand"]
    assert sum(t.name == "zero-shot (English tagger)" for t in figure.data) == 2  # a baseline in each panel


def test_line_names_keep_what_differs():
    key = ("text", "eflomal", "heuristic", "-", "e5-conll", "head")
    other = ("text", "fused:e5+eflomal(b.n_samplers=1)", "ilp-align", "greedy", "e5-conll", "head")
    assert line_names([key, other]) == {key: "eflomal · heuristic", other: "fused e5+eflomal · ilp-align (greedy)"}
    assert line_names([key]) == {key: "text · eflomal · heuristic · head"}
