"""Correct: edit the target spans of one pair, snapped to tokens. Every change is appended at once to
the cache's corrections log (who, when, what); the current state is derived from it."""

import datetime as dt

import pandas as pd
import streamlit as st

from xproj_app.markup import labelled_html, md, source_rows, spans_html
from xproj_app.session import go_to, need_corpus, sentence_nav, store
from xproj_core.browse import remove_span, remove_spans_over, sentence_view, toggle_span
from xproj_core.silver_cache import confidence_parts, describe_confidence
from xproj_core.store import spans_from_json
from xproj_core.types import Span

TYPE_KEYS = {"PER": "P", "ORG": "O", "LOC": "L", "DATE": "D", "MISC": "M"}

sel = need_corpus()
annotator = sel.annotator or "anonymous"
st.title("Correct")
if not sel.annotator:
    st.caption("Corrections are recorded as **anonymous**: set your name in the sidebar.")


def spans_text(tokens: list[str], spans: list[Span]) -> str:
    return "; ".join(f"{' '.join(tokens[s.start : s.end])} ({s.label})" for s in spans) or "no spans"


@st.fragment
def editor() -> None:
    db = store()
    corpus = sel.corpus
    methods = sel.chosen(db)[:9]
    n = db.count_sentences(corpus)
    idx = sentence_nav(n, "cor")
    view = sentence_view(db, corpus, idx, methods)
    pair = view.pair
    state = db.correction_state(corpus, idx)
    current = state.spans or []
    selected_key = f"tokens_{idx}"

    def write(spans: list[Span]) -> None:
        db_ = store()
        db_.add_correction(corpus, idx, annotator, "set", spans)
        st.session_state[selected_key] = []

    def accept(signature: str) -> None:
        write(view.projections[signature])

    def assign(label: str) -> None:
        write(toggle_span(current, st.session_state.get(selected_key) or [], label))

    def delete_selected() -> None:
        write(remove_spans_over(current, st.session_state.get(selected_key) or []))

    def delete(span: Span) -> None:
        write(remove_span(current, span))

    def mark(action: str) -> None:
        store().add_correction(corpus, idx, annotator, action)
        if idx < n - 1:
            go_to(idx + 1)

    def undo() -> None:
        store().undo(corpus, idx, annotator)

    with st.container(border=True):
        status = "✅ reviewed" if state.reviewed else ("⏭ skipped" if state.skipped else "not reviewed")
        edited = (
            "Corrected target"
            if state.spans is not None
            else "Target not edited yet: accept a projection (1–9) or annotate"
        )
        st.markdown(f"`{pair.id}` · {status} · **{edited}**")
        if confidence := describe_confidence(confidence_parts(pair)):
            st.caption(f"Silver sentence, no target gold · {confidence}")
        st.html(
            labelled_html(
                [
                    *source_rows(pair),
                    (f"target · {pair.tgt_lang}", spans_html(pair.tgt_tokens, current, token_numbers=True)),
                ]
            )
        )

    a, b, c, _ = st.columns([1.3, 1, 1, 2.7])
    a.button(
        "Reviewed",
        key="reviewed",
        shortcut="Enter",
        on_click=mark,
        args=("reviewed",),
        type="primary",
        icon=":material/check:",
        width="stretch",
        help="Mark reviewed and go to the next sentence",
    )
    b.button(
        "Skip", key="skip", shortcut="S", on_click=mark, args=("skip",), icon=":material/skip_next:", width="stretch"
    )
    c.button("Undo", key="undo", shortcut="Z", on_click=undo, icon=":material/undo:", width="stretch")
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Accept a projection** (one key)")
        for k, method in enumerate(methods, start=1):
            spans = view.projections[method.signature]
            st.button(
                md(f"{method.label}: {spans_text(pair.tgt_tokens, spans)}"),
                key=f"accept_{k}",
                shortcut=str(k),
                on_click=accept,
                args=(method.signature,),
                width="stretch",
                help=md(method.spec),
            )
        if not methods:
            st.caption("No projection cached for this corpus.")
        st.markdown("**Select target tokens, then a type**")
        st.pills(
            "Target tokens",
            list(range(len(pair.tgt_tokens))),
            selection_mode="multi",
            key=selected_key,
            format_func=lambda i: md(f"{pair.tgt_tokens[i]} ·{i}"),
            label_visibility="collapsed",
            width="stretch",
            wrap=True,
        )
        types = sorted(set(TYPE_KEYS) | {s.label for s in pair.src_spans + (view.gold or []) + current})
        with st.container(horizontal=True):
            for label in types:
                st.button(label, key=f"type_{label}", shortcut=TYPE_KEYS.get(label), on_click=assign, args=(label,))
            st.button(
                "Delete",
                key="delete_selected",
                shortcut="Delete",
                on_click=delete_selected,
                icon=":material/backspace:",
                help="Remove spans over the selected tokens",
            )
    with right:
        st.markdown("**Spans**")
        for k, span in enumerate(current):
            a, b = st.columns([5, 1], vertical_alignment="center")
            words = md(" ".join(pair.tgt_tokens[span.start : span.end]))
            a.markdown(f"`{span.label}` {words} · \\[{span.start},{span.end})")
            b.button("✕", key=f"del_{k}", on_click=delete, args=(span,), help="Delete this span")
        if not current:
            st.caption("No spans.")
    history = db.history(corpus, idx)
    with st.expander(f"History of this sentence ({len(history)} events)", expanded=bool(history)):
        if history:
            rows = [
                {
                    "#": e["id"],
                    "when": dt.datetime.fromtimestamp(e["at"]).strftime("%Y-%m-%d %H:%M:%S"),
                    "who": e["annotator"],
                    "action": e["action"] + (f" #{e['undoes']}" if e["undoes"] else ""),
                    "spans": "" if e["spans"] is None else spans_text(pair.tgt_tokens, spans_from_json(e["spans"])),
                    "undone": "yes" if e["undone"] else "",
                }
                for e in reversed(history)
            ]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption("No corrections yet.")


editor()
