"""The Streamlit workbench around ``xproj_core``: session state and widgets (``session``), HTML and
Markdown (``markup``), plotly figures (``figures``), the page list (``navigation``) and the shared demo
build's progress (``demo_progress``). Only this package and the pages import streamlit."""
