"""Compare: one pair, the chosen methods side by side against gold, differences marked."""

import pandas as pd
import streamlit as st

from xproj_app.markup import labelled_html, md, source_rows, spans_html
from xproj_app.session import need_corpus, sentence_nav, store
from xproj_core.browse import compare_to_gold, sentence_view
from xproj_core.silver_cache import confidence_parts, describe_confidence
from xproj_core.types import Span

sel = need_corpus()
st.title("Compare methods")


def difference_row(tokens: list[str], category: str, projected: Span | None, gold: Span | None) -> dict:
    span = projected or gold
    return {
        "span": " ".join(tokens[span.start : span.end]),
        "type": span.label,
        "gold": "" if gold is None else f"{gold.label} [{gold.start},{gold.end})",
        "difference": category.replace("_", " "),
        "confidence": None if projected is None else round(projected.score, 3),
    }


@st.fragment
def compare() -> None:
    db = store()
    methods = sel.chosen(db)
    idx = sentence_nav(db.count_sentences(sel.corpus), "cmp")
    view = sentence_view(db, sel.corpus, idx, methods)
    pair = view.pair
    state = db.correction_state(sel.corpus, idx)
    with st.container(border=True):
        st.markdown(f"`{pair.id}`" + (" · ✅ reviewed" if state.reviewed else ""))
        if confidence := describe_confidence(confidence_parts(pair)):
            st.caption(f"Silver sentence, no target gold · {confidence}")
        rows = source_rows(pair)
        if view.gold is not None:
            rows.append((f"gold · {pair.tgt_lang}", spans_html(pair.tgt_tokens, view.gold)))
        if state.spans is not None:
            rows.append((f"corrected · {state.annotator}", spans_html(pair.tgt_tokens, state.spans)))
        st.html(labelled_html(rows))
    if not methods:
        st.info("No projection is cached for this corpus and selection.")
        return
    per_row = 3 if len(methods) % 3 == 0 else min(len(methods), 2)
    for start in range(0, len(methods), per_row):
        for column, method in zip(st.columns(per_row), methods[start : start + per_row]):
            spans = view.projections[method.signature]
            with column.container(border=True):
                st.markdown(f"**{md(method.label)}**", help=md(method.spec))
                if view.gold is None:
                    st.html(spans_html(pair.tgt_tokens, spans, show_scores=True))
                    rows = [
                        {
                            "span": " ".join(pair.tgt_tokens[s.start : s.end]),
                            "type": s.label,
                            "confidence": round(s.score, 3),
                        }
                        for s in spans
                    ]
                else:
                    judged = compare_to_gold(view.gold, spans)
                    marks = {p.key: c for c, p, _ in judged if p is not None}
                    missed = [g for c, p, g in judged if c == "missed"]
                    st.html(spans_html(pair.tgt_tokens, spans, marks, missed, show_scores=True))
                    rows = [difference_row(pair.tgt_tokens, c, p, g) for c, p, g in judged]
                if rows:
                    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
                else:
                    st.caption("No spans.")


compare()
