"""The app's pages as ``st.Page`` objects: ``app.py`` navigates over them, pages switch to them."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

PAGES = {  # file stem in app_pages/ → (title, icon); the first is the default page
    "setup": ("Setup", ":material/tune:"),
    "sentences": ("Sentences", ":material/list:"),
    "compare": ("Compare", ":material/compare:"),
    "alignments": ("Alignments", ":material/grid_on:"),
    "correct": ("Correct", ":material/edit:"),
    "scaling": ("Scaling", ":material/show_chart:"),
    "export": ("Export", ":material/download:"),
}
DEFAULT = next(iter(PAGES))
OPEN_PAGE = "xp_open_page"
"""Session key: a page a widget callback asks ``app.py`` to switch to on this run."""


def page(name: str) -> StreamlitPage:
    """The page ``name`` (a key of :data:`PAGES`); its URL is its title (``/Correct``), the default's is ``/``."""
    title, icon = PAGES[name]
    if name == DEFAULT:
        return st.Page(f"app_pages/{name}.py", title=title, icon=icon, default=True)
    return st.Page(f"app_pages/{name}.py", title=title, icon=icon, url_path=title)


def all_pages() -> list[StreamlitPage]:
    return [page(name) for name in PAGES]


def open_requested_page(current: StreamlitPage) -> None:
    """Switch to the page a widget callback asked for (:data:`OPEN_PAGE`), once, unless it is the current one."""
    wanted = st.session_state.pop(OPEN_PAGE, None)
    if wanted and current.title != PAGES[wanted][0]:
        st.switch_page(page(wanted))
