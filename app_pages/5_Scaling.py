"""Scaling: F1 against the amount of parallel data N, from the cached evaluations."""

import streamlit as st

from xproj_core.browse import scaling_table
from xproj_core.render import scaling_figure
from xproj_core.ui import need_corpus, store

sel = need_corpus()
db = store()
st.title("Scaling with parallel data")
family = sel.corpus.split(":")[0]
corpora = [row["name"] for row in db.corpora() if row["name"].split(":")[0] == family]
scopes = sorted({row["scope"] for row in db.metrics_rows(None, corpus=corpora)})
c1, c2, c3 = st.columns(3)
scope = c1.selectbox("Entity types", scopes, index=scopes.index("overall") if "overall" in scopes else 0,
                     format_func=lambda s: "all types (micro)" if s == "overall" else s, key="scal_scope")
rows = db.metrics_rows(scope, corpus=corpora)
rows = [r for r in rows if r["aligner"] in sel.aligners and r["method"] in sel.methods]
table = scaling_table(rows)
if table.empty:
    st.info("No cached evaluation matches the selection: choose aligners and methods in the sidebar.")
    st.stop()
pairs = sorted(table["pair"].unique())
shown_pairs = c2.multiselect("Language pairs", pairs, default=pairs, key="scal_pairs")
table = table[table["pair"].isin(shown_pairs)]
sources = sorted(s for s in table["parallel"].unique() if s)
if len(sources) > 1:
    chosen_sources = c3.multiselect("Parallel data", sources, default=sources, key="scal_sources",
                                    help="Text-only parallel sentences vs image-caption pairs at equal N")
    table = table[table["parallel"].isin(chosen_sources)]
else:
    c3.caption("Parallel data: " + (sources[0] if sources else "one source") + " (image-caption pairs not cached)")

anchors: list[tuple[str, float]] = []
try:
    from xproj_core.plots import literature_anchors
except ImportError:
    literature_anchors = None
if literature_anchors is not None:
    anchors = [(a.label, a.f1) for a in literature_anchors(family, scope)]
figure = scaling_figure(table, f"{family} · {scope} F1 vs N (mean ± std over seeds)", anchors)
st.plotly_chart(figure, key="scaling", config={"displaylogo": False})
if not anchors:
    st.caption("No literature anchor is recorded for this corpus.")

st.subheader("Table")
st.dataframe(table.round(4), hide_index=True, width="stretch")
stem = f"scaling-{family}-{scope}"
d1, d2 = st.columns(2)
d1.download_button("Download CSV", table.to_csv(index=False), f"{stem}.csv", "text/csv", icon=":material/table:")
d2.download_button("Download PNG", lambda: figure.to_image(format="png", width=1200, height=520, scale=2),
                   f"{stem}.png", "image/png", icon=":material/image:",
                   help="Rendered by kaleido with the local Chromium on click (a few seconds).")
