import math

import pytest

from xproj_core.errors import XprojError
from xproj_core.plots import figures, markdown, scaling_figure, scaling_table, wide_tables, write_figure
from xproj_core.signature import Signature
from xproj_core.store import CellResult, Store


def put(store: Store, f1: float, **fields) -> None:
    sig = Signature(corpus="bam", pair="en-bm", method="heuristic", source_labels="spacy", **fields)
    store.write_cell(
        CellResult(
            sig, {}, {"overall": {"precision": f1, "recall": f1, "f1": f1, "support": 10, "predicted": 10}}, [[]]
        )
    )


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    for n, values in ((0, (0.2, 0.4)), (500, (0.5, 0.5)), (1000, (0.6, 0.7))):
        for seed, f1 in enumerate(values):
            put(store, f1, aligner="eflomal", parallel="nllb-seed", n=n, seed=seed)
    put(store, 0.45, aligner="e5")
    return store


def test_scaling_table_is_mean_and_std_over_seeds(store):
    table = scaling_table(store, "bam")
    eflomal = table[table.aligner == "eflomal"].set_index("n")
    assert eflomal.loc[0, "mean"] == pytest.approx(30.0) and eflomal.loc[0, "std"] == pytest.approx(math.sqrt(200))
    assert eflomal.loc[500, "std"] == pytest.approx(0.0) and list(eflomal["seeds"]) == [2, 2, 2]
    e5 = table[table.aligner == "e5"]
    assert len(e5) == 1 and math.isnan(e5.iloc[0]["std"]) and e5.iloc[0]["mean"] == pytest.approx(45.0)
    with pytest.raises(XprojError, match="E701"):
        scaling_table(store, "nothing-here")


def test_markdown_spreads_flat_rows_over_every_n(store):
    ((title, frame),) = wide_tables(scaling_table(store))
    assert list(frame.columns) == ["aligner", "parallel", "method", "N=0", "N=500", "N=1000"]
    flat = frame[frame.aligner == "e5 †"].iloc[0]
    assert flat["N=0"] == flat["N=1000"] == "45.0"
    assert frame[frame.aligner == "eflomal"].iloc[0]["N=1000"] == "65.0 ± 7.1"
    text = markdown(scaling_table(store), {"bam": [{"name": "ttest", "f1": 55.12, "source": "paper"}]})
    assert "| e5 †" in text and "Published anchor: ttest 55.12" in text and "† uses no parallel data" in text


def test_figure_has_a_band_and_a_line_per_series(store, tmp_path):
    figure = scaling_figure(scaling_table(store))
    lines = [t for t in figure.data if t.showlegend is not False]
    assert len(figure.data) == 4 and len(lines) == 2
    flat = next(t for t in lines if t.name.startswith("e5"))
    assert list(flat.x) == [0, 1000] and flat.line.dash == "dash"
    ((stem, _),) = figures(scaling_table(store))
    written = write_figure(figure, tmp_path, stem, png=False)
    assert (
        stem == "scaling-bam-spacy"
        and "Plotly" in (tmp_path / f"{stem}.html").read_text()[:5000]
        and "png" not in written
    )


def test_interval_is_the_t_half_width_over_seeds(store):
    table = scaling_table(store, "bam", interval=95)
    eflomal = table[table.aligner == "eflomal"].set_index("n")
    # two seeds: t(0.975, 1) = 12.706; std 14.142 at N=0 → half-width 12.706 * 14.142 / sqrt(2)
    assert eflomal.loc[0, "ci"] == pytest.approx(12.7062 * math.sqrt(200) / math.sqrt(2), rel=1e-4)
    assert math.isnan(table[table.aligner == "e5"].iloc[0]["ci"])
    ((_, frame),) = wide_tables(table)
    assert frame[frame.aligner == "eflomal"].iloc[0]["N=0"] == "30.0 ± 127.1"
    with pytest.raises(XprojError, match="E952"):
        scaling_table(store, "bam", interval=100)


def test_by_source_figures_colour_each_parallel_source(store):
    put(store, 0.9, aligner="eflomal", parallel="captions", n=500, seed=0)
    table = scaling_table(store, interval=95)
    stems = [stem for stem, _ in figures(table, by_source=True)]
    assert stems == ["scaling-bam-spacy-e5-heuristic", "scaling-bam-spacy-eflomal-heuristic"]
    figure = dict(figures(table, by_source=True))["scaling-bam-spacy-eflomal-heuristic"]
    lines = {t.name: t.line.color for t in figure.data if t.showlegend is not False}
    assert len(set(lines.values())) == 2 and len(figure.data) == 4
