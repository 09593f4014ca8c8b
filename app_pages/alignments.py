"""Alignments: one score-matrix heatmap per aligner (side by side, or one per row for long sentences), and
the agreement of two."""

import streamlit as st

from xproj_app.figures import LONG_SENTENCE, agreement_figure, alignment_figure
from xproj_app.markup import md
from xproj_app.session import need_corpus, sentence_nav, store
from xproj_core.names import unique_aliases

FULL_WIDTH_PX, HALF_WIDTH_PX = 1300, 640  # what the wide layout gives a chart at a 1440 px window

sel = need_corpus()
st.title("Alignments")
st.caption(
    "Rows: source words, columns: target words; red dots are links. Solid boxes: source entities; "
    "dashed boxes: spans a method projected (colour = type). Hover for the word pair and score; drag to zoom, "
    "double-click to reset. Long sentences are labelled every few words."
)


@st.fragment
def alignments() -> None:
    db = store()
    idx = sentence_nav(db.count_sentences(sel.corpus), "aln")
    pair = db.sentence(sel.corpus, idx)
    cached = db.aligners_for(sel.corpus)
    names = unique_aliases([*sel.aligners, *cached])
    shown = [a for a in sel.aligners if a in cached]
    absent = [a for a in sel.aligners if a not in cached]
    if absent:
        st.info(md(f"No score matrices cached for {', '.join(names[a] for a in absent)} on this corpus."))
    if not shown:
        st.warning("No aligner with cached score matrices is selected.")
        return
    methods = sel.chosen(db)
    method_of = {}
    for method in methods:
        method_of.setdefault(method.aligner, method)
    matrices = {a: db.alignment(a, sel.corpus, idx) for a in shown}
    long = max(len(pair.src_tokens), len(pair.tgt_tokens)) > LONG_SENTENCE
    per_row = 1 if long else min(len(shown), 2)
    width = FULL_WIDTH_PX if per_row == 1 else HALF_WIDTH_PX
    for start in range(0, len(shown), per_row):
        for column, aligner in zip(st.columns(per_row), shown[start : start + per_row]):
            alignment = matrices[aligner]
            if alignment is None:
                column.info(md(f"{names[aligner]}: no matrix cached for sentence {idx}."))
                continue
            method = method_of.get(aligner)
            candidates = db.predictions(method.signature, idx).get(idx, {"spans": []})["spans"] if method else []
            title = names[aligner] + (f" · projected by {method.method}" if method else "")
            figure = alignment_figure(
                alignment, pair.src_tokens, pair.tgt_tokens, pair.src_spans, candidates, title, width_px=width
            )
            column.plotly_chart(figure, key=f"heat_{aligner}", config={"displaylogo": False})
            column.caption(f"spec: `{aligner}`")
    available = [a for a in shown if matrices[a] is not None]
    if len(available) >= 2:
        st.subheader("Agreement of two aligners")
        c1, c2 = st.columns(2)
        first = c1.selectbox("First", available, index=0, key="agree_a", format_func=names.get)
        second = c2.selectbox("Second", available, index=1, key="agree_b", format_func=names.get)
        if first == second:
            st.caption("Choose two different aligners.")
        else:
            figure = agreement_figure(
                matrices[first],
                matrices[second],
                pair.src_tokens,
                pair.tgt_tokens,
                (names[first], names[second]),
                width_px=FULL_WIDTH_PX,
            )
            st.plotly_chart(figure, key="agreement", config={"displaylogo": False})
            st.caption(f"specs: `{first}` vs `{second}`")


alignments()
