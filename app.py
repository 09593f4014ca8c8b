"""xproj workbench: `streamlit run app.py`.

The frame: page config, the data selection in the sidebar, the shared demo build's progress, and the
navigation over the pages in ``app_pages/`` (not ``pages/``: Streamlit would route a fresh server's first
request by that directory, bypassing this frame). Widgets and page glue live in ``xproj_app``; every
computation in ``xproj_core``.
"""

from __future__ import annotations

import streamlit as st

from xproj_app.demo_progress import demo_banner
from xproj_app.navigation import all_pages, open_requested_page
from xproj_app.session import sidebar, store, style


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


stop_promptly_on_signals()
st.set_page_config(page_title="xproj workbench", page_icon="🔀", layout="wide")
style()
st.session_state["xp_selection"] = sidebar(store())
st.sidebar.caption(
    "Shortcuts work when the page has focus: ←/→ previous/next sentence; on **Correct**: 1–9 accept method k, "
    "P/O/L/D/M assign a type to the selected tokens, Delete remove, Enter reviewed, S skip, Z undo."
)
navigation = st.navigation(all_pages(), position="top")
open_requested_page(navigation)
demo_banner(store())
navigation.run()
