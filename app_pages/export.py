"""Export: corrected silver data for the chosen corpus (the same as `xproj export`), and the target tagger retrained
on it beside the uncorrected data (the same as `xproj retrain`)."""

import shlex

import pandas as pd
import streamlit as st

from xproj_app.markup import md
from xproj_app.session import need_corpus, store
from xproj_core.errors import XprojError
from xproj_core.export import FORMATS, download_name, export_bytes, silver_sentences
from xproj_core.retrain import (
    comparison,
    default_evals,
    head_features,
    parse_evals,
    parse_layers,
    past_runs,
    retrain,
    retrain_command,
)
from xproj_core.silver_train import TrainSettings

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


def retrain_section() -> None:
    """Retrain on the corrected data beside the uncorrected data, and the recorded runs."""
    st.subheader("Retrain the target tagger on the corrected data")
    st.caption(
        md(
            "Trains the tagger (frozen-encoder head) twice with the same settings and seed: on every sentence with "
            "the corrections applied, and on the same sentences without them (the projection above); both are "
            "scored on the gold sets. The first run encodes the sentences (slow); later runs reuse the features."
        )
    )
    lang = db.sentence(sel.corpus, 0).tgt_lang
    with st.form("retrain"):
        eval_text = st.text_input(
            "Gold sets to score (NAME=FILE_OR_DATASET, comma-separated)",
            ", ".join(f"{name}={spec}" for name, spec in default_evals(lang).items()),
            key="rt_eval",
        )
        r1, r2, r3, r4 = st.columns(4)
        encoder = r1.text_input("Encoder", "e5", key="rt_encoder", help="e5 or hf:PATH")
        layers = r2.text_input("Encoder layers", "6,9,12", key="rt_layers")
        epochs = r3.number_input("Epochs", 1, 100, 10, key="rt_epochs")
        seed = r4.number_input("Seed", 0, 2**31 - 1, 13, key="rt_seed")
        start = st.form_submit_button(
            "Retrain: corrected vs uncorrected", type="primary", icon=":material/model_training:"
        )
    try:
        settings = TrainSettings(epochs=int(epochs), seed=int(seed), layers=parse_layers(layers))
        evals = parse_evals(eval_text)
    except XprojError as error:
        st.error(md(error))
        return
    if start:
        bar = st.progress(0.0, text="loading the encoder")
        try:
            features = head_features(encoder.strip(), settings.layers)
            progress = lambda stage, done: bar.progress(done, text=stage)  # noqa: E731
            retrain(store(), sel.corpus, method, evals, settings, features, encoder.strip(), progress=progress)
        except XprojError as error:
            st.error(md(error))
    runs = past_runs(db, sel.corpus)
    if runs:
        latest = runs[-1]
        st.markdown(md(f"**Latest run** · {latest['method_label']} · encoder {latest['encoder']}"))
        st.dataframe(pd.DataFrame(comparison(latest)), hide_index=True, width="stretch")
        if len(runs) > 1:
            with st.expander(f"Earlier runs ({len(runs) - 1})"):
                st.dataframe(pd.DataFrame([row for run in runs[-2::-1] for row in comparison(run)]), hide_index=True)
    else:
        st.caption("No retraining recorded for this corpus yet.")
    st.markdown("**Same retraining from the command line**")
    command = retrain_command(sel.corpus, evals or {"NAME": "GOLD"}, method, encoder.strip(), settings)
    st.code(shlex.join(command), language="bash", wrap_lines=True)


try:
    sentences = silver_sentences(db, sel.corpus, mode, method, min_confidence)
except XprojError as error:
    st.warning(md(error))
    retrain_section()
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
retrain_section()
