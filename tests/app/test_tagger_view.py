"""The language picker offers trained-tagger languages, and the Scaling page's trained-tagger views."""

from __future__ import annotations

import json

import pytest

from tests.app.test_pages import open_app
from tests.fixtures.tagger_cache import HAU, HAU_DEV, add_tagger_cells
from xproj_core.store import Store
from xproj_core.types import Corpus, SentencePair

SCALING = "app_pages/scaling.py"


@pytest.fixture()
def tagger_cache(app_cache):
    """The fixture cache, trained-tagger cells, and the Hausa gold set stored as a corpus (as the engine does)."""
    store = Store(app_cache)
    add_tagger_cells(store)
    gold = SentencePair("0", "", "hau", [], ["Musa", "ya", "tafi"], [], ["B-PER", "O", "O"])
    store.put_corpus(Corpus(HAU, [gold, gold]))
    store.put_corpus(Corpus("upload:en-yor", [SentencePair("0", "en", "yor", ["Hi"], ["Bawo"], ["O"], ["O"])]))
    return app_cache


def chart_traces(at) -> list[dict]:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)["data"]


def test_picker_lists_projection_and_tagger_languages(tagger_cache):
    at = open_app()
    picker = at.selectbox(key="xp_lang")
    assert picker.options == [
        "deu — projection",
        "hau — trained tagger",  # its gold set is a stored corpus, without projections
        "hin — trained tagger",
        "yor — sentences only",
    ]
    assert picker.value == "deu" and at.session_state["xp_selection"].corpus == "toy-europarl:en-de"


def test_choosing_a_tagger_language_opens_its_trained_tagger_view(tagger_cache):
    at = open_app("app_pages/sentences.py")
    at.selectbox(key="xp_lang").set_value("hau").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Scaling with parallel data"
    assert at.radio(key="scal_view").value == "trained tagger" and at.selectbox(key="scal_tagger_lang").value == "hau"
    names = {t.get("name") for t in chart_traces(at)}
    assert {"zero-shot (English tagger)", "gold-trained (head), 5000 sentences", "mafand · head"} <= names
    dashes = {t["name"]: t["line"].get("dash") for t in chart_traces(at) if t.get("name")}
    assert dashes["zero-shot (English tagger)"] == "dash" and dashes["gold-trained (head), 5000 sentences"] == "dot"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Zero-shot": "40.0", "Best silver-trained (2 seeds)": "52.0", "Gold-trained": "80.0"}
    assert any(f"chosen on the dev {HAU_DEV}" in c.value.replace("\\", "") for c in at.caption)
    (commands,) = [c.value for c in at.code if "xproj reproduce" in c.value]
    assert commands.count("xproj reproduce 'corpus:masakhaner2:hau:test|") == 2  # the chosen setting's two seeds


def test_by_source_view_has_a_panel_per_role_and_a_colour_per_source(tagger_cache):
    at = open_app(SCALING, xp_lang="hau")
    at.radio(key="scal_view").set_value("trained tagger by parallel source").run()
    assert not at.exception, [e.value for e in at.exception]
    traces = [t for t in chart_traces(at) if t.get("mode") == "lines+markers"]
    assert {t["xaxis"] for t in traces} == {"x", "x2"}  # role A and role B panels
    colours = {t["name"]: t["line"]["color"] for t in traces}
    assert set(colours) == {"captions", "mafand"} and colours["captions"] != colours["mafand"]


def test_tagger_view_without_dev_and_other_pages_point_to_it(tagger_cache):
    at = open_app(SCALING, xp_lang="hin")
    assert at.radio(key="scal_view").options == ["trained tagger", "trained tagger by parallel source"]
    assert any("chosen on the reported set" in c.value for c in at.caption)
    sentences = open_app("app_pages/sentences.py", xp_lang="hin")
    assert any("trained-tagger results only" in i.value.replace("\\", "") for i in sentences.info)


def test_a_gold_set_without_source_side_is_named_as_such(tagger_cache):
    at = open_app("app_pages/sentences.py", xp_lang="hau")
    assert at.selectbox(key="xp_pair").options == ["hau (target side only)"]  # not "→hau"
    shown = " ".join(str(element.proto) for element in at.get("html"))
    assert "gold · hau" in shown and "source ·" not in shown  # no empty source row


def test_projection_view_still_first_for_a_projection_language(tagger_cache):
    at = open_app(SCALING)
    assert at.radio(key="scal_view").value == "projection" and len(at.get("plotly_chart")) == 1


def test_no_view_choice_without_trained_tagger_cells(app_cache):
    at = open_app(SCALING)
    assert not at.radio and len(at.get("plotly_chart")) == 1
    assert at.selectbox(key="xp_lang").options == ["deu — projection"]
