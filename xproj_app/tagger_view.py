"""The Scaling page's trained-tagger views (the silver-data loop): F1 of the target tagger trained on projected
data against N, per language, with the zero-shot and gold-trained lines; and the image–text view (colour =
parallel source, one panel per role). Tables and figures come from ``xproj_core.tagger_results`` /
``xproj_core.tagger_plots``, the same as ``xproj results --tagger`` and ``bench.tagger_figure``."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from xproj_core.names import method_alias, unique_aliases
from xproj_core.store import Store
from xproj_core.tagger_plots import silver_settings, source_figure, tagger_figure, with_setting
from xproj_core.tagger_results import (
    ROLE_A,
    ROLE_B,
    best_setting,
    display_table,
    published_paper_numbers,
    setting_text,
    summary_line,
    tagger_curves,
    tagger_table,
    trained_metrics,
)

from .markup import md
from .session import cached_tagger_frame

LEVEL = 95.0
NOTE = (
    "Mean over seeds; band (or bar): 95% t-interval of the mean. Dashed: zero-shot (the English tagger applied "
    "directly). Dotted: the tagger trained on the language's gold training data (upper bound)."
)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_scopes(path: str, version: tuple[int, float]) -> list[str]:
    from .session import store

    return sorted({row["scope"] for row in trained_metrics(store(), None)})


@st.cache_data(show_spinner=False, max_entries=4)
def cached_paper() -> dict:
    return published_paper_numbers()


def _pick(label: str, options: list[str], key: str, column, **kwargs) -> str:
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return column.selectbox(label, options, key=key, **kwargs)


def tagger_view(db: Store, language: str | None, by_source: bool) -> None:
    """Render the trained-tagger view (``by_source``: the image–text view) for a chosen language."""
    version = db.cells_version()
    languages = sorted(set(cached_tagger_frame(str(db.path), "overall", version)["language"]))
    if st.session_state.get("scal_tagger_for") != language and language in languages:
        st.session_state["scal_tagger_lang"] = language  # follow the sidebar's language when it changes
    st.session_state["scal_tagger_for"] = language
    c1, c2, c3, c4 = st.columns(4)
    lang = _pick("Language", languages, "scal_tagger_lang", c1)
    scopes = cached_scopes(str(db.path), version)
    scope = _pick(
        "Entity types",
        ["overall", *[s for s in scopes if s != "overall"]],
        "scal_tagger_scope",
        c2,
        format_func=lambda s: "all types (micro)" if s == "overall" else s,
    )
    everything = cached_tagger_frame(str(db.path), scope, version)
    frame = everything[everything["language"] == lang]
    if frame.empty:
        st.info(md(f"No {scope} result of a trained {lang} tagger is cached."))
        return
    gold_set = _pick("Gold set", sorted(frame["corpus"].unique()), "scal_tagger_corpus", c3)
    frame = frame[frame["corpus"] == gold_set]
    curves = tagger_curves(frame, LEVEL)
    row = tagger_table(frame, cached_paper(), LEVEL).iloc[0]
    if not curves["role"].isin([ROLE_A, ROLE_B]).any():
        st.info(md(f"No silver-trained {lang} tagger is cached yet: only the baselines are drawn."))
    if by_source:
        settings = silver_settings(curves)
        names = unique_aliases([s[0] for s in settings])
        label = {s: " · ".join([names[s[0]], method_alias(s[1], s[2]), s[3]]) for s in settings}
        best = best_setting(row)
        chosen = c4.selectbox(
            "Aligner · method · training",
            settings,
            settings.index(best) if best in settings else (0 if settings else None),
            format_func=label.get,
            key=f"scal_tagger_setting_{gold_set}",  # per gold set: each offers its own settings
        )
        shown = curves if chosen is None else with_setting(curves, chosen)
        figure = source_figure(shown, f"{lang} · {gold_set}: trained tagger F1 vs N, by parallel source")
    else:
        sources = sorted(curves.loc[curves["role"].isin([ROLE_A, ROLE_B]), "parallel"].unique())
        chosen_sources = c4.multiselect(
            "Parallel sources", sources, default=sources, key=f"scal_tagger_sources_{gold_set}"
        )
        shown = curves[~curves["role"].isin([ROLE_A, ROLE_B]) | curves["parallel"].isin(chosen_sources)]
        figure = tagger_figure(shown, f"{lang} · {gold_set}: trained tagger F1 vs N")
    figure.update_layout(width=None, height=560)
    st.plotly_chart(figure, key="tagger_chart", config={"displaylogo": False})
    st.caption(md(NOTE))
    _summary(everything, row)
    stem = f"tagger-{lang}-{gold_set.replace(':', '_')}-{scope}" + ("-by-source" if by_source else "")
    d1, d2 = st.columns(2)
    d1.download_button("Download CSV", shown.to_csv(index=False), f"{stem}.csv", "text/csv", icon=":material/table:")
    d2.download_button(
        "Download PNG",
        lambda: figure.to_image(format="png", width=1200, height=600, scale=2),
        f"{stem}.png",
        "image/png",
        icon=":material/image:",
        help="Rendered by kaleido with the local Chromium on click (a few seconds).",
    )


def _summary(everything: pd.DataFrame, row: pd.Series) -> None:
    """The chosen gold set's row of the per-language table, and every language's in an expander."""
    if row["best"] == row["best"]:  # not NaN: a silver-trained tagger exists
        c1, c2, c3 = st.columns(3)
        c1.metric("Zero-shot", "—" if row["zero_shot"] != row["zero_shot"] else f"{row['zero_shot']:.1f}")
        gain = None if row["gain"] != row["gain"] else f"{row['gain']:+.1f} over zero-shot"
        c2.metric(f"Best silver-trained ({int(row['seeds'])} seeds)", f"{row['best']:.1f}", gain)
        c3.metric("Gold-trained", "—" if row["gold"] != row["gold"] else f"{row['gold']:.1f}")
        st.caption(md(f"Best setting: {setting_text(row)}, chosen on the {row['chosen_on']}."))
        with st.expander("Reproduce this result (one command per seed)"):
            data = f"XPROJ_DATA={os.environ['XPROJ_DATA']} " if os.environ.get("XPROJ_DATA") else ""
            commands = [f"{data}xproj reproduce '{s}'" for s in row["signatures"]]
            st.code("\n".join(commands), language="bash")
            st.caption(md("Runs the cell again from its signature and compares P/R/F1 with the cached numbers."))
    with st.expander("Every language (as `xproj results --tagger`)"):
        table = tagger_table(everything, cached_paper(), LEVEL)
        st.dataframe(display_table(table), hide_index=True, width="stretch")
        st.caption(md(summary_line(table)))
