"""Setup: the cached corpora, what is cached or would be computed for a choice of aligners × methods × N,
uploads of the user's own corpus, and which optional parts this machine has."""

import pandas as pd
import streamlit as st

from xproj_app.markup import md
from xproj_app.session import Selection, store
from xproj_core import __version__
from xproj_core.coverage import corpora_summary, plan_table, sweep_command
from xproj_core.environment import optional_parts
from xproj_core.errors import XprojError
from xproj_core.names import aligner_alias, method_alias
from xproj_core.silver_cache import store_corpus
from xproj_core.upload import KINDS, MAX_BYTES, parse_upload

STANDARD_N = (0, 250, 500, 1000, 2000, 4000)


def registered(kind: str) -> list[str]:
    if kind == "aligners":
        from xproj_core.align import ALIGNERS

        return ALIGNERS.names()
    from xproj_core.project import PROJECTORS

    return PROJECTORS.names()


def plan_section(db, sel: Selection) -> None:
    st.subheader("Plan: what is cached, what would be computed")
    cells = db.cells(corpus=sel.corpus)
    aligner_options = sorted({c["aligner"] for c in cells} | set(registered("aligners")))
    method_options = sorted({c["method"] for c in cells} | set(registered("methods")))
    size_options = sorted({c["n"] for c in cells} | set(STANDARD_N))
    c1, c2, c3 = st.columns(3)
    aligners = c1.multiselect(
        "Aligners", aligner_options, default=list(sel.aligners), key="plan_aligners", format_func=aligner_alias
    )
    methods = c2.multiselect(
        "Methods", method_options, default=list(sel.methods), key="plan_methods", format_func=method_alias
    )
    sizes = c3.multiselect("N", size_options, default=sorted({c["n"] for c in cells}) or [0], key="plan_n")
    if not (aligners and methods and sizes):
        st.caption("Choose at least one aligner, method and N.")
        return
    plan = plan_table(db, sel.corpus, aligners, methods, sizes)
    st.dataframe(
        plan,
        hide_index=True,
        width="stretch",
        column_config={
            "aligner spec": st.column_config.TextColumn(
                help="The aligner's full spec, as in the cache and `xproj sweep`"
            ),
            "method spec": st.column_config.TextColumn(help="The method's full spec"),
        },
    )
    missing = plan[~plan["status"].str.startswith("cached")]
    if missing.empty:
        st.success("Everything chosen is cached: the other pages show it instantly.")
    else:
        st.info(
            f"{len(missing)} row(s) are not (fully) cached. Compute them (resumable; data-hungry aligners also "
            "need `--parallel NAME=SPEC`) with:"
        )
        st.code(sweep_command(db, sel.corpus, plan), language="bash", wrap_lines=True)


def upload_section(db) -> None:
    with st.expander("Use your own corpus (upload)"):
        st.markdown(
            f"Files are parsed as text (never unpickled or executed); at most {MAX_BYTES // 2**20} MiB per file. "
            "Formats: canonical **JSONL** (one sentence pair per line), a **CoNLL pair** (source and target files, "
            "token and IOB2 tag columns, sentence *i* ↔ sentence *i*), or **`src ||| tgt`** lines with an optional "
            "file of source IOB2 tags (one line per pair), or the **silver JSONL** of `xproj silver` (no target gold: "
            "its projection methods are cached and triaged by confidence)."
        )
        with st.form("upload"):
            kind = st.radio(
                "Format",
                KINDS,
                horizontal=True,
                format_func={
                    "jsonl": "canonical JSONL",
                    "conll2": "CoNLL pair",
                    "tokpairs": "src ||| tgt (+ tags)",
                    "silver": "silver JSONL (xproj silver)",
                }.get,
            )
            c1, c2, c3 = st.columns(3)
            name = c1.text_input("Corpus name", value="my-corpus")
            src_lang = c2.text_input("Source language", value="en")
            tgt_lang = c3.text_input("Target language", value="xx")
            first = st.file_uploader("Data file (JSONL, source CoNLL, or src ||| tgt lines)")
            second = st.file_uploader("Second file (target CoNLL, or source tags for src ||| tgt)")
            submitted = st.form_submit_button("Parse and store")
        if submitted:
            if first is None:
                st.error("Choose a data file first.")
                return
            roles = {"conll2": ("src", "tgt")}.get(kind, ("data", "tags"))
            files = {roles[0]: (first.name, first.getvalue())}
            if second is not None:
                files[roles[1]] = (second.name, second.getvalue())
            try:
                corpus = parse_upload(kind, files, src_lang.strip(), tgt_lang.strip(), name.strip())
                n_methods = store_corpus(db, corpus)
            except XprojError as error:
                st.error(md(error))
                return
            cached = f"{n_methods} projection method(s) cached"
            if not n_methods:
                cached = "projections for it are not cached yet (see the plan above for the command)"
            st.success(f"Stored {len(corpus)} pairs as **{md(corpus.name)}**. Choose it in the sidebar; {cached}.")


def optional_section() -> None:
    with st.expander("Optional parts on this machine"):
        rows = [
            {"part": p.name, "present": "yes" if p.available else "no — " + p.how_to_get, "needed for": p.needed_for}
            for p in optional_parts()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        absent = [p.name for p in optional_parts() if not p.available]
        if absent:
            st.caption(md("Absent: " + "; ".join(absent) + ". Everything else in the app works without them."))


db = store()
sel: Selection = st.session_state["xp_selection"]
st.title("xproj workbench")
st.caption(
    f"Cross-lingual NER by annotation projection · xproj {__version__} · cache `{db.path}` · "
    "keys: ←/→ sentence, 1–9 accept a method, Enter reviewed, S skip, Z undo (see each page)"
)
if db.corpora():
    table = corpora_summary(db)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Corpora", len(table))
    c2.metric("Sentence pairs", int(table["sentences"].sum()))
    c3.metric("Cached cells", db.cells_version()[0])
    c4.metric("Corrected sentences", int(table["corrected sentences"].sum()))
    st.subheader("Cached corpora")
    st.dataframe(table, hide_index=True, width="stretch")
    if sel.corpus:
        plan_section(db, sel)
upload_section(db)
optional_section()
