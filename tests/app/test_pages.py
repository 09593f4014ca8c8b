"""Every page through streamlit's AppTest on the fixture cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures.synthetic_cache import CORPUS
from xproj_core.browse import choose_methods
from xproj_core.store import Store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "app_pages/sentences.py",
    "app_pages/compare.py",
    "app_pages/alignments.py",
    "app_pages/correct.py",
    "app_pages/scaling.py",
    "app_pages/export.py",
]


def open_app(page: str | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def match_count(at: AppTest) -> int:
    text = next(m.value for m in at.markdown if "sentences match" in m.value)
    return int(text.split("**")[1])


def test_home_shows_cache_and_plan(app_cache):
    at = open_app()
    assert at.title[0].value == "xproj workbench"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Corpora"] == "1" and metrics["Sentence pairs"] == "60" and metrics["Cached cells"] == "18"
    plan = at.dataframe[1].value
    assert set(plan["status"]) == {"cached (1 seed)", "cached (2 seeds)", "would be computed"}
    assert any("xproj sweep" in c.value for c in at.code)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(app_cache, page):
    at = open_app(page)
    assert at.title, f"{page} has no title"


def test_sentence_filters_change_the_list(app_cache):
    at = open_app(PAGES[0])
    total = match_count(at)
    assert total == 60 and len([b for b in at.button if b.label == "Open"]) == 25
    at.selectbox(key="flt_category").set_value("missed").run()
    missed = match_count(at)
    assert 0 < missed < total
    at.toggle(key="flt_disagree").set_value(True).run()
    assert match_count(at) <= missed
    at.selectbox(key="flt_category").set_value(None).run()
    at.toggle(key="flt_disagree").set_value(False).run()
    at.selectbox(key="flt_type").set_value("ORG").run()
    org = match_count(at)
    assert 0 < org < total
    at.selectbox(key="flt_type").set_value(None).run()
    at.selectbox(key="flt_sort").set_value("disagreement").run()
    first = next(b for b in at.button if b.label == "Open").key
    assert first != "open_0" or match_count(at) == 60
    at.pagination(key="flt_page").set_value(3).run()
    assert [b.key for b in at.button if b.label == "Open"] and not at.exception


def test_review_filter_and_open(app_cache):
    Store(app_cache).add_correction(CORPUS, 7, "ada", "reviewed")
    at = open_app(PAGES[0])
    at.selectbox(key="flt_review").set_value("reviewed").run()
    assert match_count(at) == 1
    at.button(key="open_7").click().run()
    assert at.session_state["xp_idx"] == 7 and not at.exception


def test_compare_marks_differences_and_moves(app_cache):
    at = open_app(PAGES[1], xp_idx=0)
    tables = [d.value for d in at.dataframe]
    assert tables and all("difference" in t.columns for t in tables)
    at.button(key="cmp_next").click().run()
    assert at.session_state["xp_idx"] == 1
    at.number_input(key="cmp_jump").set_value(10).run()
    assert at.session_state["xp_idx"] == 10


def test_alignments_page_has_heatmaps_and_agreement(app_cache):
    at = open_app(PAGES[2])
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # e5, eflomal and their agreement


def test_correction_is_written_survives_and_is_undone(app_cache):
    db = Store(app_cache)
    first = choose_methods(db, CORPUS, n=1000)[0]
    projection = db.predictions(first.signature, 4)[4]["spans"]
    at = open_app(PAGES[3], xp_idx=4, xp_annotator="ada")
    at.button(key="accept_1").click().run()
    assert not at.exception
    state = Store(app_cache).correction_state(CORPUS, 4)
    assert state.spans == projection and state.annotator == "ada"

    again = open_app(PAGES[3], xp_idx=4)  # a new session sees the stored correction
    assert any("Corrected target" in m.value for m in again.markdown)
    history = again.dataframe[0].value
    assert list(history["action"]) == ["set"] and list(history["who"]) == ["ada"]
    again.button(key="undo").click().run()
    assert Store(app_cache).correction_state(CORPUS, 4).spans is None
    assert len(Store(app_cache).history(CORPUS, 4)) == 2  # the undo is appended, nothing is erased


def test_select_tokens_assign_delete_review(app_cache):
    at = open_app(PAGES[3], xp_idx=2, xp_annotator="bob")
    at.pills(key="tokens_2").set_value([0, 1]).run()
    at.button(key="type_MISC").click().run()
    db = Store(app_cache)
    spans = db.correction_state(CORPUS, 2).spans
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 2, "MISC")]
    at.button(key="del_0").click().run()
    assert db.correction_state(CORPUS, 2).spans == []
    at.button(key="reviewed").click().run()
    assert db.correction_state(CORPUS, 2).reviewed and at.session_state["xp_idx"] == 3


def test_scaling_page(app_cache):
    at = open_app(PAGES[4])
    table = at.dataframe[0].value
    assert set(table["n"]) == {0, 250, 1000} and set(table["parallel"]) == {"-", "europarl", "multi30k-captions"}
    at.multiselect(key="scal_sources").set_value(["europarl"]).run()
    assert set(at.dataframe[0].value["parallel"]) == {"-", "europarl"}
    assert len(at.get("plotly_chart")) == 1
    assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download PNG"}


def test_export_page_counts_reviewed(app_cache):
    at = open_app(PAGES[5])
    assert at.warning and "E800" in at.warning[0].value  # nothing reviewed yet
    Store(app_cache).add_correction(CORPUS, 0, "ada", "reviewed")
    at.run()
    assert {m.label: m.value for m in at.metric}["Sentences"] == "1"
    at.radio(key="exp_mode").set_value("all").run()
    assert {m.label: m.value for m in at.metric}["Sentences"] == "60"
    assert any("xproj export --corpus" in c.value for c in at.code)
