"""Scaling: F1 against the amount of parallel data N, from the cached evaluations: projections
(xproj_core.plots, as `xproj results` / `xproj plot`) and trained taggers (xproj_app.tagger_view, as
`xproj results --tagger`)."""

import streamlit as st

from xproj_app.markup import md
from xproj_app.session import Selection, cached_projected_corpora, selection, store, tagger_languages
from xproj_app.tagger_view import tagger_view
from xproj_core.anchors import published_anchors
from xproj_core.errors import XprojError
from xproj_core.names import unique_aliases
from xproj_core.plots import scaling_figure, scaling_table
from xproj_core.store import Store

PROJECTION = "projection"
TAGGER = "trained tagger"
BY_SOURCE = "trained tagger by parallel source"


def projection_view(db: Store, sel: Selection) -> None:
    """F1 of the projections against N, per aligner and method (the projection corpus chosen in the sidebar)."""
    family = sel.corpus.split(":")[0]
    corpora = [row["name"] for row in db.corpora() if row["name"].split(":")[0] == family]
    scopes = sorted({row["scope"] for row in db.metrics_rows(None, corpus=corpora)})
    if not scopes:
        st.info(f"No evaluation of {family} is cached yet.")
        return
    c1, c2, c3 = st.columns(3)
    scope = c1.selectbox(
        "Entity types",
        scopes,
        index=scopes.index("overall") if "overall" in scopes else 0,
        format_func=lambda s: "all types (micro)" if s == "overall" else s,
        key="scal_scope",
    )
    try:
        table = scaling_table(db, corpora, scope)
    except XprojError as error:
        st.info(md(error))
        return
    table = table[table["aligner"].isin(sel.aligners) & table["method"].isin(sel.methods)]
    pairs = sorted(table["pair"].unique())
    shown_pairs = c2.multiselect("Language pairs", pairs, default=pairs, key="scal_pairs")
    table = table[table["pair"].isin(shown_pairs)]
    sources = sorted(s for s in table["parallel"].unique() if s != "-")
    if len(sources) > 1:
        chosen = c3.multiselect(
            "Parallel data",
            sources,
            default=sources,
            key="scal_sources",
            help="Text parallel sentences vs image-caption pairs at equal N",
        )
        table = table[table["parallel"].isin(chosen + ["-"])]
    else:
        only = sources[0] if sources else "none"
        c3.caption(md(f"Parallel data: {only} (no second source, e.g. image captions, cached)"))
    if table.empty:
        st.info("Nothing matches: choose aligners and methods in the sidebar.")
        return

    names = unique_aliases(table["aligner"])
    shown = table.assign(aligner=table["aligner"].map(names))  # readable names; the table keeps the specs
    scope_name = "all types" if scope == "overall" else scope
    figure = scaling_figure(shown, f"{family} · {scope_name}: F1 vs N (mean ± std over seeds)")
    figure.update_layout(width=None, height=520)
    published = [a for corpus in corpora for a in published_anchors().get(corpus, [])]
    for anchor in published:
        figure.add_hline(
            y=float(anchor["f1"]),
            line={"color": "#555", "dash": "dot"},
            annotation_text=anchor["name"],
            annotation_position="top left",
        )
    st.plotly_chart(figure, key="scaling", config={"displaylogo": False})
    if published:
        st.caption(md("Dotted lines: " + "; ".join(f"{a['name']} {a['f1']} — {a['source']}" for a in published)))
    else:
        st.caption(md(f"No published anchor is recorded for {family} (configs/anchors.yaml)."))

    st.subheader("Table")
    st.dataframe(shown.assign(**{"aligner spec": table["aligner"]}).round(2), hide_index=True, width="stretch")
    stem = f"scaling-{family}-{scope}"
    d1, d2 = st.columns(2)
    d1.download_button("Download CSV", table.to_csv(index=False), f"{stem}.csv", "text/csv", icon=":material/table:")
    d2.download_button(
        "Download PNG",
        lambda: figure.to_image(format="png", width=1200, height=560, scale=2),
        f"{stem}.png",
        "image/png",
        icon=":material/image:",
        help="Rendered by kaleido with the local Chromium on click (a few seconds).",
    )


sel = selection()
db = store()
st.title("Scaling with parallel data")
projected = cached_projected_corpora(str(db.path), db.cells_version())
family = (sel.corpus or "").split(":")[0]
views = [PROJECTION] * any(name.split(":")[0] == family for name in projected) + [TAGGER, BY_SOURCE] * bool(
    tagger_languages(db)
)
if not views:
    st.info("No corpus in the cache yet: open **Setup** to build the demo cache or upload a corpus.")
    st.stop()
if st.session_state.get("scal_view_for") != sel.language or st.session_state.get("scal_view") not in views:
    # a newly chosen language opens on its trained-tagger view when it has one
    st.session_state["scal_view"] = TAGGER if sel.language in tagger_languages(db) else views[0]
st.session_state["scal_view_for"] = sel.language
view = (
    st.radio("View", views, key="scal_view", horizontal=True, label_visibility="collapsed") if views[1:] else views[0]
)
if view == PROJECTION:
    projection_view(db, sel)
else:
    tagger_view(db, sel.language, by_source=view == BY_SOURCE)
