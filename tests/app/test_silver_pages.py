"""Sentences, Compare, Correct and Export on a silver corpus (no target gold), through streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_pages import PAGES, match_count, open_app
from tests.fixtures.silver_corpus import write_silver_jsonl
from tests.fixtures.tiny_encoders import tiny_bert
from xproj_core.browse import choose_methods
from xproj_core.retrain import past_runs
from xproj_core.silver_cache import read_silver, store_corpus
from xproj_core.store import Store

NAME = "silver:en-xx"


@pytest.fixture()
def silver_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache holding only a silver corpus (12 sentences, two projection methods)."""
    path = tmp_path / "cache" / "xproj.sqlite"
    store_corpus(Store(path), read_silver(write_silver_jsonl(tmp_path / "silver.jsonl"), NAME))
    monkeypatch.setenv("XPROJ_CACHE", str(path.parent))
    return path


def open_buttons(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.key for b in at.button if b.label == "Open"]


def test_sentences_triage_by_confidence_and_disagreement(silver_cache):
    at = open_app(PAGES[0])
    assert match_count(at) == 12 and at.selectbox(key="flt_category").disabled
    assert at.selectbox(key="flt_sort_silver").value == "sentence_confidence"
    assert open_buttons(at)[:3] == ["open_9", "open_6", "open_0"]  # least confident first
    assert any("score" in c.value and "share projected" in c.value for c in at.caption)
    at.toggle(key="flt_disagree").set_value(True).run()
    assert match_count(at) == 3 and open_buttons(at) == ["open_9", "open_6", "open_0"]
    at.toggle(key="flt_disagree").set_value(False).run()
    at.toggle(key="flt_low").set_value(True).run()
    at.slider(key="flt_threshold").set_value(0.6).run()
    assert 0 < match_count(at) < 12


def test_compare_shows_confidence_and_no_gold_differences(silver_cache):
    at = open_app(PAGES[1], xp_idx=0)
    assert any(c.value.startswith("Silver sentence, no target gold · confidence 0.50") for c in at.caption)
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 2 and all("difference" not in t.columns and "confidence" in t.columns for t in tables)


def test_correct_writes_corrections_on_a_silver_corpus(silver_cache):
    db = Store(silver_cache)
    first = choose_methods(db, NAME)[0]
    at = open_app(PAGES[3], xp_idx=9, xp_annotator="ada")
    assert any("confidence" in c.value for c in at.caption)
    at.button(key="accept_1").click().run()  # das haus in berlin: berlin projected as LOC
    assert db.correction_state(NAME, 9).spans == db.predictions(first.signature, 9)[9]["spans"] != []
    at.pills(key="tokens_9").set_value([3]).run()
    at.button(key="type_ORG").click().run()
    assert [(s.start, s.end, s.label) for s in db.correction_state(NAME, 9).spans] == [(3, 4, "ORG")]
    at.button(key="reviewed").click().run()
    assert db.correction_state(NAME, 9).reviewed and at.session_state["xp_idx"] == 10


def test_export_and_retrain_on_a_silver_corpus(silver_cache, tmp_path):
    at = open_app(PAGES[5])
    assert "E800" in at.warning[0].value and any("No retraining recorded" in c.value for c in at.caption)
    gold = tmp_path / "gold.conll"
    gold.write_text("a\tO\npresident\tB-PER\nin\tO\nberlin\tB-ORG\n\n", encoding="utf-8")
    at.text_input(key="rt_eval").set_value(f"xx={gold}")
    at.text_input(key="rt_encoder").set_value(f"hf:{tiny_bert(tmp_path / 'bert')}")
    at.text_input(key="rt_layers").set_value("1,3")
    at.number_input(key="rt_epochs").set_value(1)
    submit = next(b for b in at.button if b.label.startswith("Retrain"))
    submit.click().run()
    assert "E055" in at.error[0].value  # nothing corrected yet

    Store(silver_cache).add_correction(NAME, 0, "ada", "set", [])
    at.radio(key="exp_mode").set_value("all").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Sentences": "12", "Corrected by hand": "1", "Spans": "13"}  # 15 projected, 2 deleted
    next(b for b in at.button if b.label.startswith("Retrain")).click().run()
    assert not at.error and not at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["eval set", "F1 uncorrected", "F1 corrected"]
    assert list(table["eval set"]) == ["xx"]
    assert len(past_runs(Store(silver_cache), NAME)) == 1
    again = open_app(PAGES[5])  # a new session shows the recorded run
    assert any("Latest run" in m.value for m in again.markdown) and again.dataframe[0].value.equals(table)
    assert any("xproj retrain --corpus silver:en-xx" in c.value for c in again.code)
