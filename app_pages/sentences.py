"""Sentences: the paginated list of sentence pairs, filtered and sorted (queries in xproj_core.browse)."""

import streamlit as st

from xproj_app.markup import labelled_html, legend_html, md, source_rows, spans_html
from xproj_app.navigation import page as nav_page
from xproj_app.session import cached_index, go_to, need_corpus, store
from xproj_core.browse import Filters, filter_sentences, n_pages, page_of, review_status, triage
from xproj_core.silver_cache import confidence_parts, describe_confidence

SORT_LABELS = {
    "index": "corpus order",
    "disagreement": "most disagreement first",
    "confidence": "lowest confidence first",
    "f1": "lowest F1 first",
    "sentence_confidence": "lowest sentence confidence first",
}
REVIEW_LABELS = {"any": "any", "unreviewed": "not reviewed", "reviewed": "reviewed", "skipped": "skipped"}

sel = need_corpus()
db = store()
methods = sel.chosen(db)
index = cached_index(str(db.path), sel.corpus, tuple(m.signature for m in methods), db.cells_version())
options = triage(index)
st.title("Sentences")
st.caption(
    md(f"{sel.corpus} · methods shown: {', '.join(m.label for m in methods) or 'none cached'}"),
    help="\n\n".join(md(m.spec) for m in methods) or None,
)

with st.container(border=True):
    c1, c2, c3, c4 = st.columns(4)
    category = c1.selectbox(
        "Error category",
        [None, *options.categories],
        format_func=lambda c: "any" if c is None else c.replace("_", " "),
        key="flt_category",
        disabled=not options.categories,
        help=None if options.categories else "No target gold: confidence and method disagreement drive the triage.",
    )
    method_pos = c2.selectbox(
        "…of method",
        [None, *range(len(methods))],
        key="flt_method",
        format_func=lambda k: "any method" if k is None else methods[k].label,
    )
    types = sorted({t for value in index["types"] for t in value.split(",") if t})
    entity_type = c3.selectbox(
        "Entity type", [None, *types], format_func=lambda t: "any" if t is None else t, key="flt_type"
    )
    review = c4.selectbox("Review", list(REVIEW_LABELS), format_func=REVIEW_LABELS.get, key="flt_review")
    c5, c6, c7, c8 = st.columns(4, vertical_alignment="bottom")
    disagree = c5.toggle("Methods disagree", key="flt_disagree")
    low = c6.toggle("Low sentence confidence" if options.silver else "Low confidence", key="flt_low")
    threshold = c6.slider(
        "below", 0.0, 1.0, 0.5, 0.05, key="flt_threshold", disabled=not low, label_visibility="collapsed"
    )
    sort_key = "flt_sort_silver" if options.silver else "flt_sort"
    sort = c7.selectbox("Sort", options.sorts, format_func=SORT_LABELS.get, key=sort_key)
    page_size = c8.selectbox("Per page", [10, 25, 50, 100], index=1, key="flt_page_size")

below = threshold if low else None
filters = Filters(
    category,
    method_pos,
    entity_type,
    disagree,
    None if options.silver else below,
    below if options.silver else None,
    review,
    sort,
)
status = review_status(db, sel.corpus)
ids = filter_sentences(index, filters, status)
st.markdown(f"**{len(ids)}** of {len(index)} sentences match.")
st.html(legend_html(types))
if not ids:
    st.info("No sentence matches these filters.")
    st.stop()

page = st.pagination(n_pages(len(ids), page_size), key="flt_page", max_visible_pages=9)
first = methods[0] if methods else None
stats = index.set_index("idx")
for idx in page_of(ids, page, page_size):
    pair = db.sentence(sel.corpus, idx)
    row = stats.loc[idx]
    with st.container(border=True):
        head, body = st.columns([1, 7])
        head.markdown(f"**#{idx}**  \n{status.get(idx, '')}")
        if head.button("Open", key=f"open_{idx}", icon=":material/open_in_new:"):
            go_to(idx)
            st.switch_page(nav_page("compare"))
        rows = source_rows(pair)
        if pair.tgt_tags is not None:
            rows.append((f"gold · {pair.tgt_lang}", spans_html(pair.tgt_tokens, pair.tgt_spans)))
        if first is not None:
            projected = db.predictions(first.signature, idx).get(idx, {"spans": []})["spans"]
            rows.append((first.label, spans_html(pair.tgt_tokens, projected, show_scores=True), first.spec))
        body.html(labelled_html(rows))
        facts = [f"disagreement {row['disagreement']:.2f}"]
        if row["min_confidence"] == row["min_confidence"]:
            facts.append(f"lowest confidence {row['min_confidence']:.2f}")
        if row["f1"] == row["f1"]:
            facts.append(f"mean F1 {row['f1']:.2f}")
        facts.append(describe_confidence(confidence_parts(pair)))
        body.caption(" · ".join(f for f in facts if f))
