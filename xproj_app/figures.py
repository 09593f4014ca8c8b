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

