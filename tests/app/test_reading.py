"""What the app shows is readable: aliases instead of raw specs (the spec on hover), text with ``$`` never
becomes a formula, and alignment matrices of 40+ word sentences keep their labels apart."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from tests.app.test_pages import PAGES, open_app
from tests.fixtures.synthetic_cache import LONG_ALIGNERS, add_long_corpus
from xproj_app.figures import LABEL_PX, TICK_ANGLE, alignment_figure, geometry
from xproj_app.markup import md
from xproj_core.store import Store
from xproj_core.types import Alignment

UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def test_md_escapes_formulas_and_markup():
    assert md("imported:${cache}/demo/accalign-bam.pharaoh") == r"imported:\$\{cache\}/demo/accalign\-bam\.pharaoh"
    assert md("costs $5 and $6") == r"costs \$5 and \$6"
    assert md("*not* _emphasis_") == r"\*not\* \_emphasis\_"


def shown_texts(at) -> list[str]:
    """Every Markdown string the script sent: text elements, widget labels and their hover help."""
    texts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
        for e in at.get(kind)
    ]
    for widget in [*at.button, *at.selectbox, *at.multiselect, *at.get("pills")]:
        texts += [widget.label, getattr(widget, "help", None) or ""]
    return [re.sub(r"`[^`]*`", "", t) for t in texts if t]  # code spans show `$` literally


@pytest.fixture()
def long_cache(app_cache):
    add_long_corpus(Store(app_cache))
    return app_cache


@pytest.mark.parametrize("page", [None, *PAGES])
def test_no_dollar_reaches_markdown_unescaped(long_cache, page):
    at = open_app(xp_family="toy-long")
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    offending = [t for t in shown_texts(at) if UNESCAPED_DOLLAR.search(t)]
    assert not offending


def test_aliases_shown_with_specs_on_hover(long_cache):
    at = open_app(PAGES[0], xp_family="toy-long")
    caption = next(c for c in at.caption if "methods shown" in c.value)
    assert "AccAlign \\(imported\\)" in caption.value and "e5 · itermax" in caption.value
    assert "accalign\\-bam\\.pharaoh" in caption.help  # the full spec on hover
    aligners = at.multiselect(key="xp_aligners")
    assert sorted(aligners.options) == ["AccAlign (imported)", "e5 · itermax"]


def test_long_sentence_matrices_one_per_row_with_every_word_labelled(long_cache):
    at = open_app(PAGES[2], xp_family="toy-long")
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # two aligners and their agreement
    pair = Store(long_cache).sentence("toy-long:en-de", 0)
    assert len(pair.src_tokens) >= 40
    for chart in charts:
        layout = json.loads(chart.proto.spec)["layout"]
        assert len(layout["xaxis"]["ticktext"]) == len(pair.tgt_tokens)  # full width: room for every word
        assert len(layout["yaxis"]["ticktext"]) == len(pair.src_tokens)
        assert layout["height"] >= 18 * len(pair.src_tokens)
    holding = [c.weight for c in at.columns if c.get("plotly_chart")]
    assert holding == [1.0, 1.0]  # one matrix per row for long sentences, not two side by side
    assert any(LONG_ALIGNERS[1] in c.value for c in at.caption)  # the spec under the alias


@pytest.mark.parametrize("n_words, width", [(8, 640), (46, 640), (46, 1300), (120, 1300), (300, 640)])
def test_tick_labels_never_overlap_and_are_as_dense_as_they_can_be(n_words, width):
    tokens = [f"word{i}" for i in range(n_words)]
    figure = alignment_figure(Alignment(np.zeros((n_words, n_words)), set()), tokens, tokens, width_px=width)
    shape = geometry(tokens, tokens, width)
    along = shape.plot_width / n_words * math.sin(math.radians(TICK_ANGLE))  # room per word across a rotated label
    ticks = list(figure.layout.xaxis.tickvals)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    assert step * along >= LABEL_PX and (step == 1 or (step - 1) * along < LABEL_PX)
    assert ticks == list(range(0, n_words, step))
    assert len(figure.layout.yaxis.tickvals) == n_words  # rows are tall enough for a label each
    assert ("a label every" in figure.layout.title.text) == (step > 1)  # the title says labels were thinned
