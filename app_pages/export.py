"""Export: corrected silver data for the chosen corpus (the same as `xproj export`)."""

import shlex

import streamlit as st

from xproj_app.markup import md
from xproj_app.session import need_corpus, store
from xproj_core.errors import XprojError
from xproj_core.export import FORMATS, download_name, export_bytes, silver_sentences

FORMAT_LABELS = {
    "conll": "CoNLL / IOB2",
    "jsonl": "canonical JSONL (char + token offsets)",
    "hf": "Hugging Face datasets (zip)",
    "spacy": "spaCy DocBin",
}

sel = need_corpus()
db = store()
methods = sel.chosen(db)
st.title("Export silver data")
st.caption(md(sel.corpus))
c1, c2 = st.columns(2)
mode = c1.radio(
    "Sentences",
    ["reviewed", "all"],
    key="exp_mode",
    format_func={"reviewed": "reviewed only", "all": "all (corrected where reviewed, else a method's projection)"}.get,
)
fmt = c2.radio("Format", FORMATS, format_func=FORMAT_LABELS.get, key="exp_format")
c3, c4 = st.columns(2)
method = c3.selectbox(
    "Projection for sentences without a correction",
    methods,
    format_func=lambda m: m.label,
    key="exp_method",
    disabled=not methods,
)
if method is not None:
    c3.caption(md(method.spec))
min_confidence = c4.slider("Minimum confidence of projected spans", 0.0, 1.0, 0.0, 0.05, key="exp_min_conf")

try:
    sentences = silver_sentences(db, sel.corpus, mode, method, min_confidence)
except XprojError as error:
    st.warning(md(error))
    st.stop()
corrected = sum(s.origin == "corrected" for s in sentences)
m1, m2, m3 = st.columns(3)
m1.metric("Sentences", len(sentences))
m2.metric("Corrected by hand", corrected)
m3.metric("Spans", sum(len(s.spans) for s in sentences))

file_name = download_name(sel.corpus, fmt)
st.download_button(
    f"Download {md(file_name)}",
    lambda: export_bytes(store(), sel.corpus, fmt, mode, method, min_confidence)[1],
    file_name,
    type="primary",
    icon=":material/download:",
    key="exp_download",
)
st.markdown("**Same export from the command line**")
command = [
    "xproj",
    "export",
    "--corpus",
    sel.corpus,
    "--mode",
    mode,
    "--format",
    fmt,
    "--out",
    file_name.removesuffix(".zip"),
]
if method is not None:
    command += ["--method", f"{method.aligner}/{method.method}/{method.n}"]
if min_confidence:
    command += ["--min-confidence", f"{min_confidence:g}"]
st.code(shlex.join(command), language="bash", wrap_lines=True)
with st.expander("Preview (first sentences)"):
    for sentence in sentences[:5]:
        st.text(
            f"#{sentence.idx} [{sentence.origin}]  "
            + " ".join(f"{t}/{g}" if g != "O" else t for t, g in zip(sentence.pair.tgt_tokens, sentence.tags))
        )
