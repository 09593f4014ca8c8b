"""Scaling tables and figures from the cache: F1 against the amount of parallel data N, per aligner and
method, mean ± std over seeds (or, with ``interval=95``, ± the half-width of the 95% t-interval of the mean
over seeds). The CLI (``xproj results``, ``xproj plot``) and the app share these builders.

Rows whose aligner uses no parallel data (``parallel = -``) were run once; they hold for every N and are
drawn as flat dashed lines across the N range.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Errors, XprojError
from .store import Store

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

SERIES = ["corpus", "pair", "source_labels", "types", "parallel", "aligner", "method", "solver"]
"""Columns that identify one curve."""

CHROME_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def scaling_table(
    store: Store,
    corpus: Iterable[str] | str | None = None,
    scope: str = "overall",
    metric: str = "f1",
    interval: float | None = None,
) -> pd.DataFrame:
    """One row per curve point of the projection cells (trained-tagger cells: :mod:`xproj_core.tagger_results`):
    the SERIES columns, ``n``, ``mean``, ``std`` (NaN with one seed), ``seeds``;
    with ``interval`` (a confidence level in percent) also ``ci``, the half-width of the t-interval of the mean
    over seeds (NaN with one seed)."""
    import pandas as pd

    corpora = [corpus] if isinstance(corpus, str) else (list(corpus) if corpus else None)
    rows = [r for r in store.metrics_rows(scope=scope, corpus=corpora) if (r.get("training") or "-") == "-"]
    if not rows:
        raise XprojError(Errors.E701, detail=f" for corpus {', '.join(corpora)}" if corpora else "")
    frame = pd.DataFrame(rows)
    frame["value"] = frame[metric].astype(float) * (100.0 if metric in {"f1", "precision", "recall"} else 1.0)
    grouped = frame.groupby(SERIES + ["n"], sort=True)["value"]
    table = grouped.agg(mean="mean", std="std", seeds="count").reset_index()
    if interval is not None:
        table["ci"] = t_half_width(table["std"], table["seeds"], interval)
    return table


def t_half_width(std: pd.Series, seeds: pd.Series, level: float) -> pd.Series:
    """Half-width of the two-sided ``level``% Student-t interval of a mean of ``seeds`` values."""
    from scipy.stats import t

    if not 0 < level < 100:
        raise XprojError(Errors.E952, value=level)
    quantile = t.ppf(0.5 + level / 200.0, (seeds - 1).clip(lower=1))
    return (quantile * std / seeds.pow(0.5)).where(seeds > 1)


def format_value(mean: float, std: float) -> str:
    return f"{mean:.1f}" if std != std else f"{mean:.1f} ± {std:.1f}"  # std != std: NaN, one seed


def spread_column(table: pd.DataFrame) -> str:
    """``ci`` when the table holds t-intervals, else ``std``."""
    return "ci" if "ci" in table.columns else "std"


def wide_tables(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Per (corpus, source labels, types): a title and a frame of formatted values (mean ± std, or ± the
    t-interval half-width when the table has ``ci``), one column per N."""
    spread = spread_column(table)
    out = []
    for (corpus, pair, labels, types), part in table.groupby(["corpus", "pair", "source_labels", "types"], sort=True):
        sizes = sorted(part.loc[part["parallel"] != "-", "n"].unique()) or [0]
        rows = []
        for (parallel, aligner, method, solver), series in part.groupby(
            ["parallel", "aligner", "method", "solver"], sort=True
        ):
            flat = parallel == "-"
            values = {int(r.n): format_value(r.mean, getattr(r, spread)) for r in series.itertuples()}
            row: dict[str, Any] = {
                "aligner": aligner + (" †" if flat and len(sizes) > 1 else ""),
                "parallel": parallel,
                "method": method if solver == "-" else f"{method} ({solver})",
            }
            for n in sizes:
                row[f"N={n}"] = values[0] if flat else values.get(int(n), "")
            rows.append(row)
        import pandas as pd

        frame = pd.DataFrame(rows)
        if (frame["parallel"] == "-").all():
            frame = frame.drop(columns="parallel")
        title = f"{corpus} ({pair}), source labels: {labels}" + ("" if types == "all" else f", types: {types}")
        out.append((title, frame))
    return out


def markdown(table: pd.DataFrame, anchors: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """Markdown tables (F1 × 100, mean ± std over seeds), with published anchors beneath when known."""
    parts = []
    for title, frame in wide_tables(table):
        corpus = title.split(" ", 1)[0]
        align = ["right" if column.startswith("N=") else "left" for column in frame.columns]
        parts.append(f"### {title}\n\n{frame.to_markdown(index=False, disable_numparse=True, colalign=align)}")
        if any(frame["aligner"].str.endswith(" †")):
            parts.append("† uses no parallel data: one run, valid for every N.")
        for anchor in (anchors or {}).get(corpus, []):
            parts.append(f"Published anchor: {anchor['name']} {anchor['f1']} — {anchor['source']}")
    return "\n\n".join(parts)


def band_trace(
    x: list[Any], mean: list[float], spread: list[float], color: str, name: str, mode: str | None = None
) -> go.Scatter:
    """The shaded ``mean ± spread`` band of a line: no legend entry, in the line's legend group."""
    import plotly.graph_objects as go

    upper = [m + s for m, s in zip(mean, spread)]
    lower = [m - s for m, s in zip(mean, spread)]
    return go.Scatter(
        x=x + x[::-1],
        y=upper + lower[::-1],
        mode=mode,
        fill="toself",
        fillcolor=color,
        opacity=0.15,
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=name,
    )


def scaling_figure(table: pd.DataFrame, title: str = "", color_by: str | None = None) -> go.Figure:
    """F1 against N, one line per aligner/method (with a ±std band, or ± the t-interval when the table has
    ``ci``), flat dashed lines for N-independent rows. ``color_by="parallel"``: one colour per parallel source."""
    import plotly.graph_objects as go
    from plotly.colors import qualitative

    figure = go.Figure()
    spread = spread_column(table)
    sizes = sorted(table.loc[table["parallel"] != "-", "n"].unique()) or [0]
    x_range = [min(sizes), max(sizes)]
    keys = sorted(table[color_by].unique()) if color_by else []
    for index, (key, series) in enumerate(table.groupby(SERIES, sort=True)):
        info = dict(zip(SERIES, key))
        color = qualitative.Plotly[(keys.index(info[color_by]) if color_by else index) % len(qualitative.Plotly)]
        method = info["method"] if info["solver"] == "-" else f"{info['method']} ({info['solver']})"
        name = f"{info['aligner']} · {method}" + ("" if info["parallel"] == "-" else f" · {info['parallel']}")
        name = info[color_by] if color_by and info[color_by] != "-" else name
        series = series.sort_values("n")
        flat = info["parallel"] == "-"
        x = x_range if flat else series["n"].tolist()
        mean = series["mean"].tolist() * (2 if flat else 1)
        std = series[spread].fillna(0.0).tolist() * (2 if flat else 1)
        figure.add_trace(band_trace(x, mean, std, color, name))
        figure.add_trace(
            go.Scatter(
                x=x,
                y=mean,
                name=name,
                legendgroup=name,
                mode="lines" if flat else "lines+markers",
                line={"color": color, "dash": "dash" if flat else "solid"},
                customdata=list(zip(std, series["seeds"].tolist() * (2 if flat else 1))),
                hovertemplate="N=%{x}<br>F1 %{y:.1f} ± %{customdata[0]:.1f} (%{customdata[1]} seeds)<extra>"
                + name
                + "</extra>",
            )
        )
    figure.update_layout(
        title=title,
        xaxis_title="N extra parallel sentences",
        yaxis_title="F1 (× 100)",
        template="plotly_white",
        legend={"font": {"size": 10}},
        width=1000,
        height=600,
    )
    if color_by:  # short legend entries: below the plot, which keeps its full width
        figure.update_layout(legend={"orientation": "h", "y": -0.15, "font": {"size": 11}}, title_font_size=13)
    return figure


def figures(table: pd.DataFrame, by_source: bool = False) -> list[tuple[str, go.Figure]]:
    """One scaling figure per (corpus, source labels, types), with a file-name stem; ``by_source``: one per
    aligner and method too, coloured by parallel source (the text-vs-captions view)."""
    out = []
    panels = ["corpus", "pair", "source_labels", "types"] + (["aligner", "method", "solver"] if by_source else [])
    for key, part in table.groupby(panels, sort=True):
        info = dict(zip(panels, key))
        corpus, labels, types = info["corpus"], info["source_labels"], info["types"]
        solver = "" if not by_source or info["solver"] == "-" else f"-{info['solver']}"
        setting = [info["aligner"], info["method"] + solver] if by_source else []
        stem = "-".join(x for x in (corpus, labels, "" if types == "all" else types) if x)
        stem = "-".join(
            [stem.replace(":", "_").replace(",", "+").replace("/", "_")]
            + [re.sub(r"[^\w.+=-]+", "_", part.replace(",", "+")).strip("_") for part in setting]
        )
        title = f"{corpus} ({info['pair']}) — source labels: {labels}" + "".join(f"<br>{part}" for part in setting[:1])
        title += "".join(f" · {part}" for part in setting[1:])
        out.append((f"scaling-{stem}", scaling_figure(part, title, "parallel" if by_source else None)))
    return out


def ensure_browser() -> str | None:
    """Point kaleido at a Chrome/Chromium (``BROWSER_PATH``) when none is set; the path, or None."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    found = next((p for p in CHROME_CANDIDATES if Path(p).exists()), None) or shutil.which("chromium")
    if found:
        os.environ["BROWSER_PATH"] = found
    return found


def write_figure(figure: go.Figure, out_dir: str | Path, stem: str, png: bool = True) -> dict[str, str]:
    """Write ``stem.html`` (self-contained) and, when asked, ``stem.png``; returns what was written and
    ``png_error`` when the PNG export failed."""
    from .io.atomic import atomic_write

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {"html": str(out / f"{stem}.html")}
    with atomic_write(out / f"{stem}.html") as handle:
        handle.write(figure.to_html(include_plotlyjs=True, full_html=True))
    if png:
        ensure_browser()
        try:
            data = figure.to_image(format="png", scale=1)
        except Exception as error:  # noqa: BLE001 - kaleido fails in many ways without a browser
            written["png_error"] = f"{type(error).__name__}: {error}".splitlines()[0]
        else:
            with atomic_write(out / f"{stem}.png", "wb") as handle:
                handle.write(data)
            written["png"] = str(out / f"{stem}.png")
    return written
