"""Streamlit glue shared by ``app.py`` and ``app_pages/``: the open store, the user's selection (corpus,
pair, N, aligners, methods, current sentence, annotator), cached data loaders and sentence navigation.

All computation lives in ``xproj_core`` (which never imports streamlit).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from xproj_core.browse import CachedProjection, choose_methods, corpus_methods, sentence_index
from xproj_core.datasets.languages import iso3
from xproj_core.names import unique_aliases
from xproj_core.store import Store, default_store_path
from xproj_core.tagger_results import tagger_frame, trained_metrics

from .markup import CSS, md
from .navigation import OPEN_PAGE, page

_local = threading.local()
CHOSEN_LANGUAGE = "xp_language"
"""Session key of the chosen language, kept apart from its widget's (which a page switch in the same run resets)."""


def store_path() -> Path:
    return default_store_path()


def store() -> Store:
    """The cache, opened once per script thread (SQLite connections may not cross threads)."""
    path = store_path()
    opened: dict[Path, Store] = getattr(_local, "stores", {})
    if path not in opened:
        opened[path] = Store(path)
        _local.stores = opened
    return opened[path]


@st.cache_data(show_spinner=False, max_entries=32)
def cached_index(path: str, corpus: str, signatures: tuple[str, ...], version: tuple[int, float]) -> pd.DataFrame:
    """:func:`~xproj_core.browse.sentence_index` for the chosen methods, computed once per cache state."""
    db = store()
    methods = [m for m in corpus_methods(db, corpus) if m.signature in signatures]
    methods.sort(key=lambda m: signatures.index(m.signature))
    return sentence_index(db, corpus, methods)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_corpus_methods(path: str, corpus: str, version: tuple[int, float]) -> list[CachedProjection]:
    return corpus_methods(store(), corpus)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_tagger_frame(path: str, scope: str, version: tuple[int, float]) -> pd.DataFrame:
    """:func:`~xproj_core.tagger_results.tagger_frame` of the trained-tagger cells, once per cache state."""
    return tagger_frame(trained_metrics(store(), scope))


def tagger_languages(db: Store) -> list[str]:
    """The languages with trained-tagger results."""
    return sorted(set(cached_tagger_frame(str(db.path), "overall", db.cells_version())["language"]))


@st.cache_data(show_spinner=False, max_entries=8)
def cached_projected_corpora(path: str, version: tuple[int, float]) -> set[str]:
    """The cached corpora with at least one projection cell (gold sets stored for trained taggers have none)."""
    db = store()
    return {row["name"] for row in db.corpora() if db.count_cells(corpus=row["name"], training="-")}


@dataclass(frozen=True)
class Selection:
    corpus: str | None
    n: int | None
    aligners: tuple[str, ...]
    methods: tuple[str, ...]
    annotator: str
    language: str | None = None
    """The chosen language (ISO 639-3): a projection corpus's target language or a trained-tagger language."""

    def chosen(self, db: Store) -> list[CachedProjection]:
        """The cached cells matching the selection, one per aligner × method."""
        if self.corpus is None:
            return []
        return choose_methods(db, self.corpus, self.n, self.aligners, self.methods)


def _on_corpus_change() -> None:
    st.session_state["xp_idx"] = 0


def _growing_multiselect(label: str, options: list[str], key: str, **kwargs: Any) -> list[str]:
    """A sidebar multiselect of everything by default whose options may grow (while the demo is built):
    options that appear later join the selection, options that vanished leave it."""
    known_key = f"{key}_options"
    if key in st.session_state and known_key in st.session_state:
        known = st.session_state[known_key]
        kept = [o for o in st.session_state[key] if o in options]
        st.session_state[key] = kept + [o for o in options if o not in known and o not in kept]
    elif key not in st.session_state:
        st.session_state[key] = list(options)
    st.session_state[known_key] = list(options)
    return st.sidebar.multiselect(label, options, key=key, **kwargs)


def _language_picker(by_language: dict[str, list[dict]], tagger: list[str], projected: set[str]) -> str:
    """Every language with results or sentences: the target languages of the cached corpora, and the
    trained-tagger languages. Choosing one with trained-tagger results and no projection opens the Scaling
    page (its trained-tagger view)."""
    options = sorted(set(by_language) | set(tagger))
    projection = {lang for lang, rows in by_language.items() if any(r["name"] in projected for r in rows)}
    chosen = st.session_state.get(CHOSEN_LANGUAGE, st.session_state.get("xp_lang"))
    if chosen not in options:  # first run: the language of a preset corpus, if any
        family = st.session_state.get("xp_family")
        preset = [lang for lang, rows in by_language.items() if any(r["name"].split(":")[0] == family for r in rows)]
        chosen = (preset or options)[0]
    st.session_state["xp_lang"] = st.session_state[CHOSEN_LANGUAGE] = chosen  # a page switch resets widgets

    def label(lang: str) -> str:
        kinds = ["projection"] * (lang in projection) + ["trained tagger"] * (lang in tagger)
        return f"{lang} — {', '.join(kinds or ['sentences only'])}"

    def changed() -> None:
        _on_corpus_change()
        st.session_state[CHOSEN_LANGUAGE] = st.session_state["xp_lang"]
        if st.session_state["xp_lang"] in tagger and st.session_state["xp_lang"] not in projection:
            st.session_state[OPEN_PAGE] = "scaling"

    return st.sidebar.selectbox(
        "Language",
        options,
        key="xp_lang",
        format_func=label,
        on_change=changed,
        help="Target languages with cached results: projections onto a corpus, trained taggers (silver data).",
    )


def pair_label(src_lang: str | None, tgt_lang: str) -> str:
    """``en→hau``, or ``hau (target side only)`` for a gold set stored without a source side."""
    return f"{src_lang}→{tgt_lang}" if src_lang else f"{tgt_lang} (target side only)"


def _keep_if_offered(key: str, options: list[str]) -> None:
    """Replace a widget's value that the new language no longer offers by its first option. Set, not
    deleted: the browser keeps showing a keyed widget's old value unless the new one is sent to it."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = options[0]


def sidebar(db: Store) -> Selection:
    """The selection widgets (rendered by ``app.py`` on every page, so they keep their values)."""
    corpora = db.corpora()
    tagger = tagger_languages(db)
    st.sidebar.markdown("### Data")
    if not corpora and not tagger:
        st.sidebar.info("The cache is empty: build the demo cache or upload a corpus on **Setup**.")
        return Selection(None, None, (), (), st.session_state.get("xp_annotator", ""))
    by_language: dict[str, list[dict]] = {}
    for row in corpora:
        by_language.setdefault(iso3(row["tgt_lang"] or "?"), []).append(row)
    language = _language_picker(by_language, tagger, cached_projected_corpora(str(db.path), db.cells_version()))
    if language not in by_language:
        st.sidebar.caption(md(f"{language}: trained-tagger results only (no projected corpus)") + ": see **Scaling**.")
        return Selection(None, None, (), (), _annotator(), language)
    families: dict[str, list[dict]] = {}
    for row in by_language[language]:
        families.setdefault(row["name"].split(":")[0], []).append(row)
    _keep_if_offered("xp_family", sorted(families))
    family = st.sidebar.selectbox("Corpus", sorted(families), key="xp_family", on_change=_on_corpus_change)
    pairs = {pair_label(r["src_lang"], r["tgt_lang"]): r["name"] for r in families[family]}
    _keep_if_offered("xp_pair", list(pairs))
    pair = st.sidebar.selectbox("Language pair", list(pairs), key="xp_pair", on_change=_on_corpus_change)
    corpus = pairs[pair]
    methods = cached_corpus_methods(str(db.path), corpus, db.cells_version())
    sizes = sorted({m.n for m in methods})
    n = None
    if len(sizes) > 1:
        n = st.sidebar.select_slider(
            "Parallel data N",
            sizes,
            value=sizes[-1],
            key="xp_n",
            help="Extra parallel sentences given to data-hungry aligners (eflomal); neural aligners ignore N.",
        )
    aligner_names = sorted({m.aligner for m in methods})
    method_names = sorted({m.method for m in methods})
    names = unique_aliases(aligner_names)
    aligners = _growing_multiselect(
        "Aligners",
        aligner_names,
        "xp_aligners",
        format_func=names.get,
        help=md("Full specs: " + "; ".join(f"{names[a]} = {a}" for a in aligner_names)),
    )
    chosen_methods = _growing_multiselect("Methods", method_names, "xp_methods")
    return Selection(corpus, n, tuple(aligners), tuple(chosen_methods), _annotator(), language)


def _annotator() -> str:
    st.sidebar.markdown("### Annotator")
    return st.sidebar.text_input("Your name", key="xp_annotator", placeholder="e.g. ada").strip()


def selection() -> Selection:
    """The selection ``app.py`` stored for this run."""
    return st.session_state["xp_selection"]


def current_idx(n_sentences: int) -> int:
    idx = int(st.session_state.get("xp_idx", 0))
    return min(max(idx, 0), max(n_sentences - 1, 0))


def go_to(idx: int) -> None:
    st.session_state["xp_idx"] = idx


def style() -> None:
    st.html(CSS)


def need_corpus() -> Selection:
    """The selection, stopping the page with a hint when no corpus is chosen."""
    sel = selection()
    if sel.corpus is None and sel.language is not None:
        st.info(md(f"{sel.language} has trained-tagger results only (no projected corpus to show here)."))
        label = f"Trained tagger for {sel.language} on Scaling"
        st.page_link(page("scaling"), label=label, icon=":material/show_chart:")
        st.stop()
    if sel.corpus is None:
        st.info("No corpus in the cache yet: open **Setup** to build the demo cache or upload a corpus.")
        st.stop()
    return sel


def sentence_nav(n_sentences: int, prefix: str) -> int:
    """Previous / sentence number / next, with ←/→ shortcuts; returns the current sentence index."""
    idx = current_idx(n_sentences)
    jump = f"{prefix}_jump"

    def move(to: int) -> None:
        to = min(max(to, 0), n_sentences - 1)
        go_to(to)
        st.session_state[jump] = to

    def typed() -> None:
        go_to(int(st.session_state[jump]))

    if st.session_state.get(jump) != idx:
        st.session_state[jump] = idx
    left, middle, right, info = st.columns([1, 1.2, 1, 4], vertical_alignment="bottom")
    left.button(
        "Previous",
        shortcut="Left",
        on_click=move,
        args=(idx - 1,),
        disabled=idx <= 0,
        key=f"{prefix}_prev",
        icon=":material/arrow_back:",
        width="stretch",
    )
    middle.number_input("Sentence", 0, max(n_sentences - 1, 0), key=jump, on_change=typed, step=1)
    right.button(
        "Next",
        shortcut="Right",
        on_click=move,
        args=(idx + 1,),
        disabled=idx >= n_sentences - 1,
        key=f"{prefix}_next",
        icon=":material/arrow_forward:",
        icon_position="right",
        width="stretch",
    )
    info.caption(f"of {n_sentences} · ←/→ keys move")
    return idx
