"""Presentation helpers shared by the app pages: tokens with coloured spans as HTML, and plotly figures
for alignment score matrices (one aligner, and the agreement of two)."""

from __future__ import annotations

import html
import zlib
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .types import Alignment, Span

if TYPE_CHECKING:
    import plotly.graph_objects as go

TYPE_COLOURS = {"PER": "#4e79a7", "ORG": "#f28e2b", "LOC": "#59a14f", "DATE": "#b07aa1", "MISC": "#9c755f"}
EXTRA_COLOURS = ("#e15759", "#76b7b2", "#edc948", "#ff9da7", "#bab0ac")
CATEGORY_STYLE = {
    "correct": ("✓", "#2e7d32"),
    "wrong_type": ("type", "#ef6c00"),
    "wrong_boundary": ("bounds", "#8e24aa"),
    "spurious": ("spurious", "#c62828"),
    "missed": ("missed", "#c62828"),
}

CSS = """
<style>
.xp-sent {line-height: 2.1; font-size: 1.02rem; margin: 0.1rem 0 0.4rem 0;}
.xp-ent {border-radius: 0.35rem; padding: 0.1rem 0.3rem; margin: 0 0.1rem; border: 2px solid transparent;}
.xp-lab {font-size: 0.62rem; font-weight: 700; margin-left: 0.25rem; vertical-align: middle;
         font-family: ui-monospace, monospace; opacity: 0.85}
.xp-score {font-size: 0.62rem; margin-left: 0.2rem; opacity: 0.7}
.xp-cat {font-size: 0.62rem; font-weight: 700; margin-left: 0.25rem; padding: 0 0.2rem; border-radius: 0.2rem;
         color: white}
.xp-missed {border: 2px dashed #c62828; background: transparent !important}
.xp-tok {color: #999; font-size: 0.6rem; vertical-align: sub; margin-left: 1px}
.xp-rows {border-collapse: collapse; width: 100%; border: none}
.xp-rows td {border: none; padding: 0 0.4rem 0 0; vertical-align: top}
.xp-rows td.xp-rowlab {width: 9.5rem; font-size: 0.78rem; color: #555; padding-top: 0.45rem; white-space: nowrap}
.xp-rows .xp-sent {margin: 0}
</style>
"""


def type_colour(label: str) -> str:
    """A stable colour per entity type."""
    return TYPE_COLOURS.get(label) or EXTRA_COLOURS[zlib.crc32(label.encode()) % len(EXTRA_COLOURS)]


def _tint(colour: str, alpha: str = "33") -> str:
    return colour + alpha


def spans_html(
    tokens: Sequence[str],
    spans: Sequence[Span],
    categories: dict[tuple[int, int, str], str] | None = None,
    missed: Sequence[Span] = (),
    show_scores: bool = False,
    token_numbers: bool = False,
) -> str:
    """Tokens as HTML with each span highlighted in its type's colour and labelled.

    ``categories`` maps a span key to its error category (shown as a badge); ``missed`` gold spans are
    drawn with a dashed outline on tokens not covered by a projected span.
    """
    categories = categories or {}
    starts = {s.start: s for s in spans}
    missed_starts = {s.start: s for s in missed if not any(s.overlaps(p) for p in spans)}
    out: list[str] = []
    i = 0
    while i < len(tokens):
        span = starts.get(i) or missed_starts.get(i)
        if span is None:
            number = f"<span class='xp-tok'>{i}</span>" if token_numbers else ""
            out.append(html.escape(tokens[i]) + number)
            i += 1
            continue
        colour = type_colour(span.label)
        words = " ".join(html.escape(t) for t in tokens[span.start : span.end])
        is_missed = span.start in missed_starts and span is missed_starts[span.start]
        badge = ""
        category = "missed" if is_missed else categories.get(span.key)
        if category:
            text, bg = CATEGORY_STYLE[category]
            badge = f"<span class='xp-cat' style='background:{bg}'>{text}</span>"
        score = f"<span class='xp-score'>{span.score:.2f}</span>" if show_scores and not is_missed else ""
        cls = "xp-ent xp-missed" if is_missed else "xp-ent"
        style = f"background:{_tint(colour)};border-color:{colour}"
        out.append(
            f"<span class='{cls}' style='{style}' title='{span.label} [{span.start},{span.end})'>{words}"
            f"<span class='xp-lab' style='color:{colour}'>{html.escape(span.label)}</span>{score}{badge}</span>"
        )
        i = span.end
    return f"<div class='xp-sent'>{' '.join(out)}</div>"


def labelled_html(rows: Sequence[tuple[str, str]]) -> str:
    """Several rendered sentences, each behind a short label (source, gold, a method…), as one table."""
    body = "".join(f"<tr><td class='xp-rowlab'>{html.escape(label)}</td><td>{content}</td></tr>" for label, content in rows)
    return f"<table class='xp-rows'>{body}</table>"


def legend_html(labels: Sequence[str]) -> str:
    items = " ".join(
        f"<span class='xp-ent' style='background:{_tint(type_colour(l))};border-color:{type_colour(l)}'>{html.escape(l)}</span>"
        for l in labels
    )
    return f"<div class='xp-sent'>{items}</div>"


# ------------------------------------------------------------------------------------------ figures
def _axis_labels(tokens: Sequence[str]) -> list[str]:
    return [f"{t} ·{i}" for i, t in enumerate(tokens)]


def _band(fig: "go.Figure", span: Span, axis: str, n_other: int, dash: str) -> None:
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
) -> "go.Figure":
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
            hovertemplate="%{customdata[0]} → %{customdata[1]}<br>score %{z:.3f}<extra></extra>",
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
                marker=dict(symbol="circle", size=8, color="#d62728", line=dict(color="white", width=1)),
                name="link",
                customdata=[(src_tokens[i], tgt_tokens[j]) for i, j in links],
                hovertemplate="link %{customdata[0]} → %{customdata[1]}<extra></extra>",
            )
        )
    for span in src_spans:
        _band(fig, span, "row", n_tgt, "solid")
    for span in candidates:
        _band(fig, span, "col", n_src, "dash")
    _layout(fig, src_tokens, tgt_tokens, title)
    return fig


def agreement_figure(
    first: Alignment, second: Alignment, src_tokens: Sequence[str], tgt_tokens: Sequence[str], names: tuple[str, str]
) -> "go.Figure":
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
    words = np.array([[(s, t, text[i, j]) for j, t in enumerate(tgt_tokens)] for i, s in enumerate(src_tokens)], dtype=object)
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
            hovertemplate="%{customdata[0]} → %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            colorbar=dict(tickvals=[0, 1, 2, 3], ticktext=legend, thickness=12),
            xgap=1,
            ygap=1,
        )
    )
    both = int((code == 3).sum())
    union = int((code > 0).sum())
    title = f"Agreement {names[0]} vs {names[1]}: {both}/{union} links shared"
    _layout(fig, src_tokens, tgt_tokens, title)
    return fig


def _layout(fig: "go.Figure", src_tokens: Sequence[str], tgt_tokens: Sequence[str], title: str) -> None:
    size = 26
    fig.update_layout(
        title=dict(text=title, font=dict(size=14)),
        height=max(260, size * len(src_tokens) + 150),
        margin=dict(l=10, r=10, t=40, b=10),
        showlegend=False,
        plot_bgcolor="white",
    )
    fig.update_xaxes(
        tickvals=list(range(len(tgt_tokens))), ticktext=_axis_labels(tgt_tokens), tickangle=-45, side="top",
        showgrid=False, range=[-0.5, len(tgt_tokens) - 0.5],
    )
    fig.update_yaxes(
        tickvals=list(range(len(src_tokens))), ticktext=_axis_labels(src_tokens), autorange="reversed",
        showgrid=False,
    )

