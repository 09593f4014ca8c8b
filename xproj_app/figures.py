"""Plotly figures of alignment score matrices: one aligner, and the agreement of two.

Long sentences stay legible: a matrix gets at least :data:`MIN_CELL_PX` per word, and when a label per
word would overlap its neighbours only every k-th word is labelled (the hover names every cell's word
pair, and plotly's zoom shows a region larger)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from xproj_core.types import Alignment, Span

from .markup import type_colour

if TYPE_CHECKING:
    import plotly.graph_objects as go

MIN_CELL_PX = 18
"""Height of one source row, in pixels (the figure grows with the sentence)."""
LABEL_PX = 16
"""Room one tick label needs across its axis (a line of 11 px text, rotated labels included)."""
MAX_LABEL_CHARS = 14
TICK_ANGLE = 50
LONG_SENTENCE = 25
"""Above this many words, pages show one matrix per row instead of two side by side."""


def tick_step(n_words: int, axis_px: float) -> int:
    """Label every k-th word so labels at least :data:`LABEL_PX` apart never overlap."""
    if n_words <= 0:
        return 1
    return max(1, math.ceil(LABEL_PX / max(axis_px / n_words, 1e-9)))


def axis_labels(tokens: Sequence[str], step: int) -> tuple[list[int], list[str]]:
    """Tick positions and texts: every ``step``-th word as ``word ·i``, long words shortened with …."""
    positions = list(range(0, len(tokens), step))
    texts = []
    for i in positions:
        word = tokens[i] if len(tokens[i]) <= MAX_LABEL_CHARS else tokens[i][: MAX_LABEL_CHARS - 1] + "…"
        texts.append(f"{word} ·{i}")
    return positions, texts


def _band(fig: go.Figure, span: Span, axis: str, n_other: int, dash: str) -> None:
    colour = type_colour(span.label)
    lo, hi = span.start - 0.5, span.end - 0.5
    if axis == "row":
        x0, x1, y0, y1 = -0.5, n_other - 0.5, lo, hi
    else:
        x0, x1, y0, y1 = lo, hi, -0.5, n_other - 0.5
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line=dict(color=colour, width=2.5, dash=dash))


def alignment_figure(
    alignment: Alignment,
    src_tokens: Sequence[str],
    tgt_tokens: Sequence[str],
    src_spans: Sequence[Span] = (),
    candidates: Sequence[Span] = (),
    title: str = "",
    width_px: int = 600,
) -> go.Figure:
    """Heatmap of the score matrix (source rows, target columns); links as dots; source entities as
    solid row bands and projected candidate spans as dashed column bands, coloured by type."""
    import plotly.graph_objects as go

    n_src, n_tgt = alignment.shape
    words = np.array([[(s, t) for t in tgt_tokens] for s in src_tokens], dtype=object).reshape(n_src, n_tgt, 2)
    fig = go.Figure(
        go.Heatmap(
            z=alignment.scores,
            x=list(range(n_tgt)),
            y=list(range(n_src)),
            customdata=words,
            colorscale="Blues",
            zmin=0,
            zmax=max(1.0, float(alignment.scores.max()) if alignment.scores.size else 1.0),
            hovertemplate="%{customdata[0]} ·%{y} → %{customdata[1]} ·%{x}<br>score %{z:.3f}<extra></extra>",
            colorbar=dict(title="score", thickness=12),
        )
    )
    links = alignment.sorted_links()
    if links:
        fig.add_trace(
            go.Scatter(
                x=[j for _, j in links],
                y=[i for i, _ in links],
                mode="markers",
                marker=dict(
                    symbol="circle",
                    size=_dot_px(len(tgt_tokens), width_px),
                    color="#d62728",
                    line=dict(color="white", width=1),
                ),
                name="link",
                customdata=[(src_tokens[i], tgt_tokens[j]) for i, j in links],
                hovertemplate="link %{customdata[0]} → %{customdata[1]}<extra></extra>",
            )
        )
    for span in src_spans:
        _band(fig, span, "row", n_tgt, "solid")
    for span in candidates:
        _band(fig, span, "col", n_src, "dash")
    _layout(fig, src_tokens, tgt_tokens, title, width_px)
    return fig


def agreement_figure(
    first: Alignment,
    second: Alignment,
    src_tokens: Sequence[str],
    tgt_tokens: Sequence[str],
    names: tuple[str, str],
    width_px: int = 600,
) -> go.Figure:
    """Where two aligners' links agree: both, only the first, only the second (hover names the pair)."""
    import plotly.graph_objects as go

    n_src, n_tgt = first.shape
    code = np.zeros((n_src, n_tgt), dtype=float)
    for i, j in first.links:
        code[i, j] += 1
    for i, j in second.links:
        code[i, j] += 2
    legend = ["neither", f"only {names[0]}", f"only {names[1]}", "both"]
    text = np.array([[legend[int(v)] for v in row] for row in code], dtype=object)
    words = np.array(
        [[(s, t, text[i, j]) for j, t in enumerate(tgt_tokens)] for i, s in enumerate(src_tokens)], dtype=object
    )
    colours = ["#f7f7f7", "#f28e2b", "#4e79a7", "#2ca02c"]
    scale = [[edge / 4, colour] for k, colour in enumerate(colours) for edge in (k, k + 1)]
    fig = go.Figure(
        go.Heatmap(
            z=code,
            x=list(range(n_tgt)),
            y=list(range(n_src)),
            customdata=words,
            colorscale=scale,
            zmin=-0.5,
            zmax=3.5,
            hovertemplate="%{customdata[0]} ·%{y} → %{customdata[1]} ·%{x}<br>%{customdata[2]}<extra></extra>",
            colorbar=dict(tickvals=[0, 1, 2, 3], ticktext=legend, thickness=12),
            xgap=1,
            ygap=1,
        )
    )
    both = int((code == 3).sum())
    union = int((code > 0).sum())
    title = f"Agreement {names[0]} vs {names[1]}: {both}/{union} links shared"
    _layout(fig, src_tokens, tgt_tokens, title, width_px)
    return fig


def _dot_px(n_tgt: int, width_px: int) -> float:
    cell = min(MIN_CELL_PX, width_px / max(n_tgt, 1))
    return max(3.0, min(8.0, 0.45 * cell))


@dataclass(frozen=True)
class Geometry:
    """How a matrix is laid out: plot area in pixels, label every ``x_step``-th target / ``y_step``-th source word."""

    plot_width: float
    plot_height: float
    top: int
    x_step: int
    y_step: int


def geometry(src_tokens: Sequence[str], tgt_tokens: Sequence[str], width_px: int) -> Geometry:
    """The layout of a matrix in a chart ``width_px`` wide: rows :data:`MIN_CELL_PX` high, label steps that keep
    labels :data:`LABEL_PX` apart (target labels are rotated by :data:`TICK_ANGLE` degrees)."""
    label_chars = max((len(t) for t in [*src_tokens, *tgt_tokens]), default=1)
    label_px = 7 * (min(label_chars, MAX_LABEL_CHARS) + 4)
    plot_width = width_px - label_px - 90  # source labels on the left, colour bar on the right
    plot_height = max(120, MIN_CELL_PX * len(src_tokens))
    x_step = tick_step(len(tgt_tokens), plot_width * math.sin(math.radians(TICK_ANGLE)))
    return Geometry(plot_width, plot_height, 90 + int(label_px * 0.8), x_step, tick_step(len(src_tokens), plot_height))


def _layout(fig: go.Figure, src_tokens: Sequence[str], tgt_tokens: Sequence[str], title: str, width_px: int) -> None:
    """Size the figure to the sentence and label every word, or every k-th where labels would overlap."""
    shape = geometry(src_tokens, tgt_tokens, width_px)
    x_ticks, x_text = axis_labels(tgt_tokens, shape.x_step)
    y_ticks, y_text = axis_labels(src_tokens, shape.y_step)
    steps = (("target", shape.x_step), ("source", shape.y_step))
    thinned = [f"{step} {side} words" for side, step in steps if step > 1]
    if thinned:
        title += f"<br><sup>a label every {' and '.join(thinned)}; hover names every cell</sup>"
    fig.update_layout(
        title=dict(text=title, font=dict(size=14), y=1, yanchor="top", yref="container", pad=dict(t=8)),
        height=shape.plot_height + shape.top + 20,
        margin=dict(l=10, r=10, t=shape.top, b=10),
        showlegend=False,
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(size=13)),
    )
    fig.update_xaxes(
        tickvals=x_ticks,
        ticktext=x_text,
        tickangle=-TICK_ANGLE,
        side="top",
        tickfont=dict(size=11),
        showgrid=False,
        range=[-0.5, len(tgt_tokens) - 0.5],
    )
    fig.update_yaxes(
        tickvals=y_ticks,
        ticktext=y_text,
        autorange="reversed",
        tickfont=dict(size=11),
        showgrid=False,
    )
