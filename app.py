"""xproj workbench: `streamlit run app.py`.

This file is the frame (page config, navigation, the data selection in the sidebar) and the Setup
page; the other pages live in ``app_pages/`` (not ``pages/``: Streamlit would route a fresh server's
first request by that directory, bypassing this frame). Every computation lives in ``xproj_core``.
"""

from __future__ import annotations

import shlex

import pandas as pd
import streamlit as st

from xproj_core import __version__
from xproj_core.environment import optional_parts
from xproj_core.errors import XprojError
from xproj_core.ui import Selection, cells_version, sidebar, store, style
from xproj_core.upload import KINDS, MAX_BYTES, parse_upload

STANDARD_N = (0, 250, 500, 1000, 2000, 4000)


def stop_promptly_on_signals() -> None:
    """Ctrl-C / SIGTERM end the server within seconds with exit code 130 / 143 (Streamlit alone may take
    longer, and exits 0): :func:`xproj_core.interrupt.take_over_signals` on the server's main thread.
    Without a server (bare mode) or with other Streamlit internals, Streamlit's own handling stays."""
    from streamlit.runtime import Runtime

    from xproj_core.interrupt import take_over_signals

    try:
        Runtime.instance()._get_async_objs().eventloop.call_soon_threadsafe(take_over_signals)
    except (AttributeError, RuntimeError):
        pass


def build_demo_if_empty(db) -> None:
    """On a cache with no corpus, build the demo cache with a visible progress bar."""
    if db.corpora() or st.session_state.get("xp_demo_failed"):
        return
    from xproj_core.runs import DEMO_CONFIG, build_demo

    if not DEMO_CONFIG.exists():
        st.warning(f"The cache is empty and the demo study ({DEMO_CONFIG.name}) is missing from this checkout: "
                   "upload a corpus below, or fill the cache with `xproj sweep`.")
        return
    st.info(f"No cache at `{db.path}` yet: building the demo cache from the vendored data (a few minutes, once).")
    bar = st.progress(0.0, text="Starting…")
    try:
        build_demo(db, progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message))
    except XprojError as error:
        st.session_state["xp_demo_failed"] = True
        st.error(f"Building the demo cache failed: {error}")
        return
    bar.progress(1.0, text="Demo cache ready")
    st.rerun()


def corpora_table(db) -> pd.DataFrame:
    rows = []
    for row in db.corpora():
        name = row["name"]
        rows.append(
            {
                "corpus": name,
                "pair": f"{row['src_lang']}→{row['tgt_lang']}",
                "sentences": row["n_pairs"],
                "cached cells": len(db.cells(corpus=name)),
                "aligners with matrices": ", ".join(db.aligners_for(name)) or "—",
                "corrected sentences": len(db.corrected_indices(name)),
            }
        )
    return pd.DataFrame(rows)


def plan_table(db, corpus: str, aligners: list[str], methods: list[str], sizes: list[int]) -> pd.DataFrame:
    """Each chosen aligner × method × N: its cached cells per parallel source (with mean F1 over seeds),
    or one row saying it would be computed."""
    cached: dict[tuple, dict[str, list[float]]] = {}
    for row in db.metrics_rows("overall", corpus=corpus):
        key = (row["aligner"], row["method"], row["n"])
        cached.setdefault(key, {}).setdefault(row.get("parallel") or "-", []).append(row["f1"])
    rows = []
    for aligner in aligners:
        for method in methods:
            for n in sizes:
                sources = cached.get((aligner, method, n), {})
                for parallel, f1s in sorted(sources.items()):
                    rows.append({"aligner": aligner, "method": method, "N": n, "parallel data": parallel,
                                 "status": f"cached ({len(f1s)} seed{'s' * (len(f1s) > 1)})",
                                 "F1": round(sum(f1s) / len(f1s), 4)})
                if not sources:
                    rows.append({"aligner": aligner, "method": method, "N": n, "parallel data": "",
                                 "status": "would be computed", "F1": None})
    return pd.DataFrame(rows)


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
    aligners = c1.multiselect("Aligners", aligner_options, default=list(sel.aligners), key="plan_aligners")
    methods = c2.multiselect("Methods", method_options, default=list(sel.methods), key="plan_methods")
    sizes = c3.multiselect("N", size_options, default=sorted({c["n"] for c in cells}) or [0], key="plan_n")
    if not (aligners and methods and sizes):
        st.caption("Choose at least one aligner, method and N.")
        return
    plan = plan_table(db, sel.corpus, aligners, methods, sizes)
    st.dataframe(plan, hide_index=True, width="stretch")
    missing = plan[plan["status"] == "would be computed"]
    if missing.empty:
        st.success("Everything chosen is cached: the other pages show it instantly.")
    else:
        command = shlex.join([
            "xproj", "sweep", "--corpus", sel.corpus, "--aligner", ",".join(sorted(set(missing["aligner"]))),
            "--method", ",".join(sorted(set(missing["method"]))), "--sizes", ",".join(map(str, sorted(set(missing["N"])))),
        ])
        st.info(f"{len(missing)} cell(s) are not cached. Compute them (resumable; data-hungry aligners also need "
                "`--parallel NAME=SPEC`) with:")
        st.code(command, language="bash", wrap_lines=True)


def upload_section(db) -> None:
    with st.expander("Use your own corpus (upload)"):
        st.markdown(
            f"Files are parsed as text (never unpickled or executed); at most {MAX_BYTES // 2**20} MiB per file. "
            "Formats: canonical **JSONL** (one sentence pair per line), a **CoNLL pair** (source and target files, "
            "token and IOB2 tag columns, sentence *i* ↔ sentence *i*), or **`src ||| tgt`** lines with an optional "
            "file of source IOB2 tags (one line per pair)."
        )
        with st.form("upload"):
            kind = st.radio("Format", KINDS, horizontal=True, format_func={
                "jsonl": "canonical JSONL", "conll-pair": "CoNLL pair", "pipes": "src ||| tgt (+ tags)"}.get)
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
            roles = {"conll-pair": ("src", "tgt")}.get(kind, ("data", "tags"))
            files = {roles[0]: (first.name, first.getvalue())}
            if second is not None:
                files[roles[1]] = (second.name, second.getvalue())
            try:
                corpus = parse_upload(kind, files, src_lang.strip(), tgt_lang.strip(), name.strip())
            except XprojError as error:
                st.error(str(error))
                return
            db.put_corpus(corpus)
            st.success(
                f"Stored {len(corpus)} pairs as **{corpus.name}**. Choose it in the sidebar; projections for it "
                "are not cached yet (see the plan above for the command that computes them)."
            )


def optional_section() -> None:
    with st.expander("Optional parts on this machine"):
        rows = [
            {"part": p.name, "present": "yes" if p.available else "no — " + p.how_to_get, "needed for": p.needed_for}
            for p in optional_parts()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        absent = [p.name for p in optional_parts() if not p.available]
        if absent:
            st.caption("Absent: " + "; ".join(absent) + ". Everything else in the app works without them.")


def home() -> None:
    db = store()
    sel: Selection = st.session_state["xp_selection"]
    st.title("xproj workbench")
    st.caption(
        f"Cross-lingual NER by annotation projection · xproj {__version__} · cache `{db.path}` · "
        "keys: ←/→ sentence, 1–9 accept a method, Enter reviewed, S skip, Z undo (see each page)"
    )
    build_demo_if_empty(db)
    if not db.corpora():
        upload_section(db)
        optional_section()
        return
    table = corpora_table(db)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Corpora", len(table))
    c2.metric("Sentence pairs", int(table["sentences"].sum()))
    c3.metric("Cached cells", cells_version(db)[0])
    c4.metric("Corrected sentences", int(table["corrected sentences"].sum()))
    st.subheader("Cached corpora")
    st.dataframe(table, hide_index=True, width="stretch")
    if sel.corpus:
        plan_section(db, sel)
    upload_section(db)
    optional_section()


stop_promptly_on_signals()
st.set_page_config(page_title="xproj workbench", page_icon="🔀", layout="wide")
style()
st.session_state["xp_selection"] = sidebar(store())
st.sidebar.caption(
    "Shortcuts work when the page has focus: ←/→ previous/next sentence; on **Correct**: 1–9 accept method k, "
    "P/O/L/D/M assign a type to the selected tokens, Delete remove, Enter reviewed, S skip, Z undo."
)
navigation = st.navigation(
    [
        st.Page(home, title="Setup", icon=":material/tune:", default=True),
        st.Page("app_pages/1_Sentences.py", title="Sentences", icon=":material/list:"),
        st.Page("app_pages/2_Compare.py", title="Compare", icon=":material/compare:"),
        st.Page("app_pages/3_Alignments.py", title="Alignments", icon=":material/grid_on:"),
        st.Page("app_pages/4_Correct.py", title="Correct", icon=":material/edit:"),
        st.Page("app_pages/5_Scaling.py", title="Scaling", icon=":material/show_chart:"),
        st.Page("app_pages/6_Export.py", title="Export", icon=":material/download:"),
    ],
    position="top",
)
navigation.run()
