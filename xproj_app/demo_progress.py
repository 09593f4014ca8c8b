"""The demo build as every session sees it: started once on an empty cache, its progress shown live on
every page, the app rerun when it ends (the build itself: :mod:`xproj_core.demo_job`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from xproj_core.demo_job import demo_available, read_progress, start_build
from xproj_core.store import Store

from .markup import md
from .session import store


def demo_banner(db: Store) -> None:
    """Start the background build when the cache is empty (or a build was cut short); show its progress."""
    cache_dir = db.path.parent
    progress = read_progress(cache_dir)
    wanted = not db.corpora() or progress.state == "stopped"
    if wanted and progress.state in ("idle", "stopped"):
        if not demo_available():
            st.warning(
                "The cache is empty and the demo study (configs/demo.yaml) is missing from this checkout: "
                "upload a corpus on **Setup**, or fill the cache with `xproj sweep`."
            )
            return
        start_build(db.path)
        progress = read_progress(cache_dir)
    if progress.state == "failed":
        st.error(f"Building the demo cache failed: {md(progress.error)}")
        if st.button("Try again", key="xp_demo_retry", icon=":material/refresh:"):
            start_build(db.path)
            st.rerun()
    elif progress.state == "running":
        st.info(
            f"Building the demo cache in `{cache_dir}` in a background process (once, for every session). "
            "Pages fill in as results arrive."
        )
        _live_progress(str(db.path), db.count_cells() > 0)


@st.fragment(run_every=1.0)
def _live_progress(store_path: str, had_cells: bool) -> None:
    """The progress bar, redrawn every second; the whole app reruns when the build ends or its first cells land."""
    progress = read_progress(Path(store_path).parent)
    if progress.state != "running" or (not had_cells and store().count_cells() > 0):
        st.rerun()
    st.progress(progress.fraction, text=md(progress.message or "Starting…"))
