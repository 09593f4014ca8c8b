"""Trained-tagger figures: F1 of the silver-trained tagger against N (mean ± t-interval band over seeds), with
the zero-shot line (dashed) and the gold-trained line (dotted). Two views over :func:`tagger_curves` rows of one
gold set: one line per setting, and the image–text view (colour = parallel source, one panel per role).
The app's Scaling page and ``bench.tagger_figure`` share them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import method_alias, unique_aliases
from .plots import band_trace
from .tagger_results import GOLD, ROLE_A, ROLE_B, ROLE_NAMES, ZERO_SHOT, choose

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

LINE = ["parallel", "aligner", "method", "solver", "source_labels", "training"]
"""Columns that identify one line."""


def _palette(index: int) -> str:
    from plotly.colors import qualitative

    return qualitative.Plotly[index % len(qualitative.Plotly)]


def line_names(lines: list[tuple[str, ...]], mode_only: bool = False) -> dict[tuple[str, ...], str]:
    """A legend name per line key (LINE values): the parts that differ between lines (aligner and method by
    their aliases, :mod:`xproj_core.names`), joined by ``·``;
    ``mode_only``: training as its mode (``head``), without role A's labelled corpus."""
    aligners = unique_aliases(key[1] for key in lines)
    parts = {}
    for key in lines:
        info = dict(zip(LINE, key))
        method = method_alias(info["method"], info["solver"])
        training = info["training"].partition("/labelled=")[0] if mode_only else info["training"]
        parts[key] = (info["parallel"], aligners[info["aligner"]], method, info["source_labels"], training)
    varying = [i for i in range(5) if len({p[i] for p in parts.values()}) > 1] or [0, 1, 2, 4]
    return {key: " · ".join(p[i] for i in varying) for key, p in parts.items()}


def _add_curve(
    figure: go.Figure, series: pd.DataFrame, name: str, color: str, cell: dict[str, int], legend: bool = True
) -> None:
    """One line with its ± interval band (an error bar when the line has one point; neither with one seed)."""
    import plotly.graph_objects as go

    series = series.sort_values("n")
    x, mean = series["n"].tolist(), series["mean"].tolist()
    spread = series["ci"].fillna(0.0).tolist()
    if len(x) > 1:
        figure.add_trace(band_trace(x, mean, spread, color, name, mode="lines"), **cell)
    figure.add_trace(
        go.Scatter(
            x=x,
            y=mean,
            name=name,
            legendgroup=name,
            showlegend=legend,
            mode="lines+markers",
            line={"color": color},
            error_y={"type": "data", "array": spread, "visible": len(x) == 1, "color": color, "width": 6},
            customdata=list(zip(spread, series["seeds"].tolist())),
            hovertemplate="N=%{x}<br>F1 %{y:.1f} ± %{customdata[0]:.1f} (%{customdata[1]} seeds)<extra>"
            + name
            + "</extra>",
        ),
        **cell,
    )


def _add_baselines(
    figure: go.Figure, curves: pd.DataFrame, x_range: list[int], cell: dict[str, int], legend: bool = True
) -> None:
    """The zero-shot (dashed) and gold-trained (dotted) tagger as flat lines across the N range."""
    import plotly.graph_objects as go

    for role, dash, label in ((ZERO_SHOT, "dash", "zero-shot (English tagger)"), (GOLD, "dot", "gold-trained")):
        rows = curves[curves["role"] == role]
        if rows.empty:
            continue
        best, _ = choose(rows)  # as the table chooses it: on dev where every row has a dev score
        mode = str(best["training"]).removeprefix(f"{GOLD}:")
        name = f"{label} ({mode}), {int(best['n'])} sentences" if role == GOLD else label
        figure.add_trace(
            go.Scatter(
                x=x_range,
                y=[float(best["mean"])] * 2,
                name=name,
                legendgroup=role,
                showlegend=legend,
                mode="lines",
                line={"color": "#444", "dash": dash},
                hovertemplate=f"{name}: F1 %{{y:.1f}}<extra></extra>",
            ),
            **cell,
        )


def _silver(curves: pd.DataFrame) -> pd.DataFrame:
    return curves[curves["role"].isin([ROLE_A, ROLE_B])]


def silver_settings(curves: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """The (aligner, method, solver, training mode) of the silver-trained lines, sorted: what the image–text
    view shows one at a time."""
    return sorted({(r.aligner, r.method, r.solver, r.mode) for r in _silver(curves).itertuples()})


def with_setting(curves: pd.DataFrame, setting: tuple[str, str, str, str]) -> pd.DataFrame:
    """The baselines and the silver-trained lines of one :func:`silver_settings` entry."""
    keep = [
        r.role not in (ROLE_A, ROLE_B) or (r.aligner, r.method, r.solver, r.mode) == setting
        for r in curves.itertuples()
    ]
    return curves[keep]


def _n_axis(figure: go.Figure, silver: pd.DataFrame) -> list[int]:
    """The N range the baselines span (± half of N when there is one N); a log N axis, ticked at the sizes, when
    N spans a factor of 8 or more from above 0."""
    sizes = sorted(silver["n"].unique()) or [0]
    x_range = [int(sizes[0]), int(sizes[-1])]
    if x_range[0] == x_range[1]:  # one N: the baselines still need a visible length
        x_range = [x_range[0] // 2, x_range[0] * 3 // 2] if x_range[0] else [0, 1]
    log = x_range[0] > 0 and x_range[1] >= 8 * x_range[0]
    figure.update_xaxes(title_text="N parallel pairs", type="log" if log else "linear")
    if log:  # ticks at the sizes measured, written out (plotly's own log ticks read "5 … 1000 2 3 4")
        figure.update_xaxes(tickvals=[int(n) for n in sizes], ticktext=[f"{int(n):,}" for n in sizes])
    figure.update_yaxes(title_text="F1 (× 100)")
    return x_range


def _layout(figure: go.Figure, title: str) -> None:
    figure.update_layout(
        title=title,
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2, "font": {"size": 11}},
        title_font_size=14,
        width=1000,
        height=600,
    )


def tagger_figure(curves: pd.DataFrame, title: str = "") -> go.Figure:
    """F1 vs N for one gold set: one line per setting (parallel source, aligner, method, training) with its
    ± interval band, the zero-shot and the gold-trained tagger as flat lines."""
    import plotly.graph_objects as go

    figure = go.Figure()
    silver = _silver(curves)
    groups = list(silver.groupby(LINE, sort=True))
    names = line_names([key for key, _ in groups])
    for index, (key, series) in enumerate(groups):
        _add_curve(figure, series, names[key], _palette(index), {})
    _add_baselines(figure, curves, _n_axis(figure, silver), {})
    _layout(figure, title)
    return figure


def source_figure(curves: pd.DataFrame, title: str = "") -> go.Figure:
    """The image–text view for one gold set: colour = parallel source, one panel per role (A: the pairs only
    train the aligner, B: they are projected and trained on), the same baselines in each panel."""
    from plotly.subplots import make_subplots

    silver = _silver(curves)
    roles = [role for role in (ROLE_A, ROLE_B) if (silver["role"] == role).any()] or [ROLE_B]
    figure = make_subplots(rows=1, cols=len(roles), subplot_titles=[ROLE_NAMES[r] for r in roles], shared_yaxes=True)
    sources = sorted(silver["parallel"].unique())
    groups = list(silver.groupby(LINE, sort=True))
    names = line_names([key for key, _ in groups], mode_only=True)
    x_range = _n_axis(figure, silver)
    shown: set[str] = set()
    for column, role in enumerate(roles, start=1):
        cell = {"row": 1, "col": column}
        for key, series in groups:
            part = series[series["role"] == role]
            if part.empty:
                continue
            name = names[key]
            _add_curve(figure, part, name, _palette(sources.index(key[0])), cell, legend=name not in shown)
            shown.add(name)
        _add_baselines(figure, curves, x_range, cell, legend=column == 1)
        if column > 1:
            figure.update_yaxes(title_text="", **cell)
    _layout(figure, title)
    return figure
